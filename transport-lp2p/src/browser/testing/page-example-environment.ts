/**
 * What `api/examples/example-environment.ts` is to the draft's examples in Node, for the same examples run in a
 * page (`example-bundle.ts` puts this module in its place). The person is the test at the trusted UI, so this only
 * makes the page's progress observable on the console, as the Node environment does with its agent's events:
 * `receiver started` once the agent's receiver for the page is advertising, `q2q session admitted` when the agent
 * hands the page's listener a WebTransport session, `q2q session open` when one the page opened is ready. It
 * watches the page's bridge socket and changes nothing on it.
 */
import { decodeAgentMessage, decodePageMessage } from '../index.ts';

const receivers = new Set<number>();
const opened = new Set<number>();

function watchOutgoing(data: unknown): void {
  if (!(data instanceof Uint8Array)) return;
  try {
    const message = decodePageMessage(data);
    if (message.t === 'receiver') receivers.add(message.rid);
    if (message.t === 'wt.open' && message.how === 'open') opened.add(message.wt);
  } catch {
    // Not a message this environment watches for.
  }
}

function watchIncoming(data: unknown): void {
  if (!(data instanceof ArrayBuffer)) return;
  try {
    const message = decodeAgentMessage(new Uint8Array(data));
    if (message.t === 'reply' && receivers.has(message.rid) && message.code === '')
      console.log('receiver started');
    if (message.t === 'wt.incoming') console.log('q2q session admitted');
    if (message.t === 'wt.ready' && opened.has(message.wt)) console.log('q2q session open');
  } catch {
    // Not a message this environment watches for.
  }
}

const NativeWebSocket = globalThis.WebSocket;
globalThis.WebSocket = class WatchedWebSocket extends NativeWebSocket {
  constructor(url: string | URL, protocols?: ConstructorParameters<typeof WebSocket>[1]) {
    super(url, protocols);
    this.addEventListener('message', (event) => watchIncoming(event.data));
  }

  override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
    watchOutgoing(data);
    super.send(data);
  }
};
