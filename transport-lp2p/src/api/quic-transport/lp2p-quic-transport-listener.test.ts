import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QuicTransportError } from '../../errors/index.ts';
import type { Session } from '../../platform/index.ts';
import { createMemorySessionPair } from '../../platform/index.ts';
import { LP2PQuicTransport } from './lp2p-quic-transport.ts';
import { LP2PQuicTransportListener } from './lp2p-quic-transport-listener.ts';
import type { QuicTransportListenerSource } from './quic-transport-source.ts';

const isError = (code: string) => (e: unknown) => e instanceof QuicTransportError && e.code === code;

/** A receiver stand-in whose admitted sessions are pushed by the test. */
function memoryReceiver() {
  let push!: (session: Session) => void;
  let cancelled = false;
  let signal: AbortSignal | undefined;
  const sessions = new ReadableStream<Session>({
    start(controller) {
      push = (session) => controller.enqueue(session);
    },
    cancel() {
      cancelled = true;
    },
  });
  const source: QuicTransportListenerSource = {
    async listenQuicTransportSessions(options) {
      signal = options.signal;
      return sessions;
    },
  };
  return { source, push: (s: Session) => push(s), cancelled: () => cancelled, signal: () => signal };
}

describe('LP2PQuicTransportListener', () => {
  it('turns each admitted session into a ready transport that talks to the peer', async () => {
    const receiver = memoryReceiver();
    const listener = new LP2PQuicTransportListener(receiver.source);
    await listener.ready;
    const [dialled, accepted] = createMemorySessionPair();
    receiver.push(accepted);
    const requester = new LP2PQuicTransport(Promise.resolve(dialled));
    const reader = listener.incomingTransports.getReader();
    const { value: transport } = await reader.read();
    assert.ok(transport instanceof LP2PQuicTransport);
    await transport.ready;
    await requester.datagrams.writable.getWriter().write(Uint8Array.of(1));
    assert.deepEqual((await transport.datagrams.readable.getReader().read()).value, Uint8Array.of(1));
    requester.close();
    reader.releaseLock();
    await listener.close();
  });

  it('close() stops the source: its signal aborts, its stream is cancelled, the transports stream ends', async () => {
    const receiver = memoryReceiver();
    const listener = new LP2PQuicTransportListener(receiver.source);
    await listener.ready;
    const reader = listener.incomingTransports.getReader();
    const pending = reader.read();
    await listener.close();
    assert.equal((await pending).done, true);
    assert.equal(receiver.signal()?.aborted, true);
    assert.equal(receiver.cancelled(), true);
  });

  it('a source that cannot listen rejects ready and errors the transports stream', async () => {
    const cause = new Error('port in use');
    const listener = new LP2PQuicTransportListener({
      listenQuicTransportSessions: () => Promise.reject(cause),
    });
    await assert.rejects(
      listener.ready,
      (e: unknown) => isError('connection-failed')(e) && (e as Error).cause === cause,
    );
    await assert.rejects(listener.incomingTransports.getReader().read(), isError('connection-failed'));
  });

  it('breaking out of for-await closes the listener', async () => {
    const receiver = memoryReceiver();
    const listener = new LP2PQuicTransportListener(receiver.source);
    const [dialled, accepted] = createMemorySessionPair();
    receiver.push(accepted);
    for await (const transport of listener.incomingTransports) {
      await transport.ready;
      break;
    }
    assert.equal(receiver.cancelled(), true);
    await dialled.close();
  });
});
