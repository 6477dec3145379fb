import { agentFingerprint } from '../../../identity/index.ts';
import type { LocalCredentials, Session, SessionListener } from '../../../platform/index.ts';
import { createTestCredentials } from '../../../testing/test-credentials.ts';
import { dialQ2q, listenQ2q } from '../q2q-session.ts';
import type { QuicTransportListenerSource, QuicTransportSource } from '../quic-transport-source.ts';

const host = '127.0.0.1';

/**
 * Test stand-ins for LP2PRequest and LP2PReceiver on loopback: `bob` listens for q2q sessions and admits
 * only the peers in `granted` (alice by default); `request(credentials)` dials bob pinned to his
 * fingerprint. `dispose()` closes every listener made.
 */
export async function createQ2qPeers() {
  const alice = await createTestCredentials('alice');
  const bob = await createTestCredentials('bob');
  const fingerprint = (c: LocalCredentials) => agentFingerprint(c.certificateDer);
  const granted = new Set([fingerprint(alice)]);
  const listeners: SessionListener[] = [];

  const listen = async () => {
    const listener = await listenQ2q({ host, credentials: bob, verifyPeer: (fp) => granted.has(fp) });
    listeners.push(listener);
    return listener;
  };
  const dial = (
    port: number,
    credentials: LocalCredentials,
    expectedFingerprint: string,
    signal?: AbortSignal,
  ) =>
    dialQ2q({
      host,
      port,
      serverName: 'bob.local',
      credentials,
      expectedFingerprint,
      timeoutMs: 3000,
      ...(signal ? { signal } : {}),
    });

  return {
    alice,
    bob,
    granted,
    fingerprint,
    listen,
    dial,
    /** LP2PReceiver stand-in: listens when asked. */
    receiver(): QuicTransportListenerSource & { listener?: SessionListener } {
      const source: QuicTransportListenerSource & { listener?: SessionListener } = {
        async listenQuicTransportSessions() {
          source.listener = await listen();
          return source.listener.incomingSessions;
        },
      };
      return source;
    },
    /** LP2PRequest stand-in for a peer with `credentials`, expecting bob's certificate (or `expected`). */
    request(port: () => number, credentials = alice, expected = fingerprint(bob)): QuicTransportSource {
      return { openQuicTransportSession: ({ signal }) => dial(port(), credentials, expected, signal) };
    },
    /**
     * Both ends of an LP2PConnection stand-in: the side that dialled the OSP connection (alice) dials the
     * q2q session, the other takes the next one from its listener.
     */
    async connection(): Promise<[QuicTransportSource, QuicTransportSource]> {
      const listener = await listen();
      const incoming = listener.incomingSessions.getReader();
      const accept: QuicTransportSource = {
        async openQuicTransportSession(): Promise<Session> {
          const { value } = await incoming.read();
          if (!value) throw new Error('listener closed');
          return value;
        },
      };
      return [
        { openQuicTransportSession: ({ signal }) => dial(listener.port, alice, fingerprint(bob), signal) },
        accept,
      ];
    },
    async dispose() {
      await Promise.all(listeners.map((l) => l.close()));
    },
  };
}
