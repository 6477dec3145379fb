import { QuicTransportError } from '../errors/index.ts';
import { createIncomingQueue, type Session } from '../platform/index.ts';
import type { BridgeLink } from './bridge-link.ts';
import { BridgeSession } from './bridge-session.ts';

/**
 * Asks the agent for a q2q (WebTransport) session from the page object `source` (a request, receiver or
 * connection), as `new LP2PQuicTransport(source)` does in Node: what the agent's object would open, bridged.
 */
export async function openBridgedSession(
  link: BridgeLink,
  source: number,
  signal: AbortSignal,
): Promise<Session> {
  await link.ready;
  const wt = link.nextId();
  return new Promise<Session>((resolve, reject) => {
    const onAbort = () => {
      link.forget(wt);
      link.send({ t: 'wt.close', wt, code: 0, reason: 'aborted' });
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    link.on(wt, (message) => {
      if (message.t !== 'wt.ready' && message.t !== 'wt.closed') return;
      signal.removeEventListener('abort', onAbort);
      link.forget(wt);
      if (message.t === 'wt.ready')
        resolve(new BridgeSession(link, wt, { isClient: true, maxDatagramSize: message.dg }));
      else reject(new QuicTransportError('connection-failed', message.error || message.reason));
    });
    link.send({ t: 'wt.open', wt, source, how: 'open' });
  });
}

/** The q2q sessions the agent admits for the page object `source`, as `LP2PQuicTransportListener` takes them. */
export async function listenBridgedSessions(
  link: BridgeLink,
  source: number,
  signal: AbortSignal,
): Promise<ReadableStream<Session>> {
  await link.ready;
  const wt = link.nextId();
  const queue = createIncomingQueue<Session>();
  await new Promise<void>((resolve, reject) => {
    link.on(wt, (message) => {
      if (message.t === 'wt.ready') resolve();
      else if (message.t === 'wt.incoming') {
        const session = new BridgeSession(link, message.nwt, {
          isClient: false,
          maxDatagramSize: message.dg,
        });
        if (!queue.push(session)) void session.close(0, 'not listening');
      } else if (message.t === 'wt.closed') {
        queue.end();
        reject(new QuicTransportError('connection-failed', message.error || message.reason));
      }
    });
    link.send({ t: 'wt.open', wt, source, how: 'listen' });
  });
  const stop = () => {
    link.forget(wt);
    link.send({ t: 'wt.close', wt, code: 0, reason: 'stopped listening' });
    queue.end();
  };
  signal.addEventListener('abort', stop, { once: true });
  return queue.readable;
}
