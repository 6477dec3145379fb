import { AgentConnection } from '../../agent/index.ts';
import { agentFingerprint } from '../../identity/index.ts';
import type {
  DialOptions,
  ListenOptions,
  LocalCredentials,
  Session,
  SessionListener,
} from '../../platform/index.ts';
import { createMemorySessionPair } from '../../platform/index.ts';
import { dialQuic, dialTcp, listenQuic, listenTcp } from '../../platform/node.ts';
import type { AgentInfo } from '../../protocol/index.ts';
import { createTestCredentials } from '../../testing/test-credentials.ts';
import { createLP2PConnection, type LP2PConnection } from '../lp2p-connection.ts';

export type PairKind = 'memory' | 'tcp' | 'quic';

/** Two authenticated agent connections over one session. */
export interface AgentPair {
  readonly clientAgent: AgentConnection;
  readonly serverAgent: AgentConnection;
  close(): Promise<void>;
}

/** An agent pair with an LP2PConnection on each side. */
export interface LP2PPair extends AgentPair {
  readonly client: LP2PConnection;
  readonly server: LP2PConnection;
}

let credentials: Promise<[LocalCredentials, LocalCredentials]> | undefined;

/**
 * Two agent connections over a memory, TCP or QUIC session on 127.0.0.1, both authenticated as after pairing.
 * Tests that play a misbehaving peer drive one side's agent connection by hand.
 */
export async function agentPair(kind: PairKind): Promise<AgentPair> {
  credentials ??= Promise.all([createTestCredentials('lp2p-client'), createTestCredentials('lp2p-server')]);
  const [clientCredentials, serverCredentials] = await credentials;
  const { client, server, dispose } = await sessionPair(kind, clientCredentials, serverCredentials);
  let requestId = 0;
  const agent = (session: Session) =>
    new AgentConnection({
      session,
      localInfo: () => info,
      nextRequestId: () => ++requestId,
      remoteFingerprint: agentFingerprint(session.remoteCertificate),
      authenticated: true,
    });
  const clientAgent = agent(client);
  const serverAgent = agent(server);
  return {
    clientAgent,
    serverAgent,
    async close() {
      // One side closes and the other follows on reading it: closing both at once makes each wait out the
      // TCP session's grace period for the other to hang up.
      await clientAgent.close();
      await serverAgent.closed;
      await dispose();
    },
  };
}

/** An LP2PConnection pair over a fresh session of `kind`. */
export async function lp2pPair(kind: PairKind): Promise<LP2PPair> {
  const agents = await agentPair(kind);
  return {
    ...agents,
    client: createLP2PConnection(agents.clientAgent),
    server: createLP2PConnection(agents.serverAgent),
  };
}

const info: AgentInfo = {
  displayName: 'lp2p test',
  modelName: 'test',
  capabilities: [],
  stateToken: 'abcdefgh',
  locales: ['en'],
};

/** A connected session pair of `kind` on 127.0.0.1 (memory: in-process); `dispose` closes the listener. */
export async function sessionPair(
  kind: PairKind,
  client: LocalCredentials,
  server: LocalCredentials,
): Promise<{ client: Session; server: Session; dispose: () => Promise<void> }> {
  if (kind === 'memory') {
    const [a, b] = createMemorySessionPair({
      clientCertificate: client.certificateDer,
      serverCertificate: server.certificateDer,
    });
    return { client: a, server: b, dispose: async () => {} };
  }
  const listen: (o: ListenOptions) => Promise<SessionListener> = kind === 'tcp' ? listenTcp : listenQuic;
  const dial: (o: DialOptions) => Promise<Session> = kind === 'tcp' ? dialTcp : dialQuic;
  const listener = await listen({ host: '127.0.0.1', credentials: server, verifyPeer: () => true });
  const reader = listener.incomingSessions.getReader();
  const dialled = await dial({
    host: '127.0.0.1',
    port: listener.port,
    serverName: 'agent.local',
    credentials: client,
    expectedFingerprint: agentFingerprint(server.certificateDer),
    timeoutMs: 5000,
  });
  const { value: accepted } = await reader.read();
  reader.releaseLock();
  if (!accepted) throw new Error('listener closed before the session arrived');
  return { client: dialled, server: accepted, dispose: () => listener.close() };
}
