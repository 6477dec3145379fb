import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { until } from '@offgrid/transport-lp2p/testing';
import WebSocket from 'ws';
import * as Y from 'yjs';

/** Every frame one WebSocket sent and received, in order, for asserting what crossed the wire. */
export interface WireLog {
  readonly sent: Uint8Array[];
  readonly received: Uint8Array[];
}

/**
 * `ws` as the provider's WebSocket polyfill, recording every frame of every socket it opens into `logs` (one
 * log per socket, in the order the sockets were opened).
 */
export function recordingWebSocket(logs: WireLog[]): typeof WebSocket {
  class RecordingWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols);
      const log: WireLog = { sent: [], received: [] };
      logs.push(log);
      this.on('message', (data: Buffer) => log.received.push(new Uint8Array(data)));
      const send = this.send.bind(this);
      this.send = ((data: Uint8Array, ...rest: unknown[]) => {
        log.sent.push(new Uint8Array(data));
        return (send as (...args: unknown[]) => void)(data, ...rest);
      }) as typeof this.send;
    }
  }
  return RecordingWebSocket as unknown as typeof WebSocket;
}

export interface TestClient {
  readonly doc: Y.Doc;
  readonly provider: HocuspocusProvider;
  readonly logs: WireLog[];
  destroy(): void;
}

/**
 * An unmodified `@hocuspocus/provider` on `ws`, reconnecting quickly (tests kill servers), with its frames
 * recorded.
 */
export function connectClient(url: string, name: string, token: string, doc = new Y.Doc()): TestClient {
  const logs: WireLog[] = [];
  const websocketProvider = new HocuspocusProviderWebsocket({
    url,
    WebSocketPolyfill: recordingWebSocket(logs),
    delay: 50,
    minDelay: 50,
    maxDelay: 400,
    factor: 1.5,
    maxAttempts: 0,
  });
  const provider = new HocuspocusProvider({ websocketProvider, name, token, document: doc });
  provider.attach();
  return {
    doc,
    provider,
    logs,
    destroy() {
      provider.destroy();
      websocketProvider.destroy();
    },
  };
}

/** Resolves when `predicate()` holds; rejects after `timeoutMs` (the testing entry's `until`, arguments in this order). */
export function waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  return until(predicate, what, timeoutMs);
}
