/**
 * The loopback reference of the QUIC-transport benches: a q2q listener on 127.0.0.1 with fresh test credentials,
 * and a dial to it that pins the listener's fingerprint (QUIC on loopback carries 64 KiB datagrams).
 */
import { agentFingerprint, dialQ2q, listenQ2q } from '@offgrid/transport-lp2p/node';
import { createTestCredentials } from '@offgrid/transport-lp2p/testing';

/** Starts the listener; `dial()` opens one more session to it. Close `listener` when done. */
export async function loopbackQ2q(clientName: string, serverName: string) {
  const client = await createTestCredentials(clientName);
  const server = await createTestCredentials(serverName);
  const listener = await listenQ2q({ host: '127.0.0.1', credentials: server, verifyPeer: () => true });
  const dial = () =>
    dialQ2q({
      host: '127.0.0.1',
      port: listener.port,
      serverName: 'bench.local',
      credentials: client,
      expectedFingerprint: agentFingerprint(server.certificateDer),
    });
  return { listener, dial };
}
