import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentFingerprint } from '../../identity/index.ts';
import { createMemorySessionPair } from '../../platform/index.ts';
import type { AgentInfo } from '../../protocol/index.ts';
import { createTestCredentials } from '../../testing/test-credentials.ts';
import { TrustStore } from '../../trust/node.ts';
import { AgentConnection } from '../agent-connection.ts';

export interface TestSide {
  readonly connection: AgentConnection;
  readonly fingerprint: string;
  readonly trustStore: TrustStore;
}

/** Two `AgentConnection`s over an in-memory session pair, with real certificates and temporary trust stores. */
export async function connectedPair(names: [string, string] = ['client', 'server']) {
  const dir = await mkdtemp(join(tmpdir(), 'offgrid-agent-'));
  const [clientCredentials, serverCredentials] = await Promise.all(
    names.map((n) => createTestCredentials(n)),
  );
  const [clientSession, serverSession] = createMemorySessionPair({
    clientCertificate: clientCredentials?.certificateDer,
    serverCertificate: serverCredentials?.certificateDer,
  });
  let requestId = 0;
  const side = async (session: typeof clientSession, name: string, own: Uint8Array): Promise<TestSide> => {
    const info: AgentInfo = {
      displayName: name,
      modelName: 'test',
      capabilities: [],
      stateToken: 'abcdefgh',
      locales: ['en'],
    };
    const connection = new AgentConnection({
      session,
      localInfo: () => info,
      nextRequestId: () => ++requestId,
      remoteFingerprint: agentFingerprint(session.remoteCertificate),
    });
    return {
      connection,
      fingerprint: agentFingerprint(own),
      trustStore: await TrustStore.open(join(dir, name)),
    };
  };
  const client = await side(
    clientSession,
    names[0],
    (clientCredentials as { certificateDer: Uint8Array }).certificateDer,
  );
  const server = await side(
    serverSession,
    names[1],
    (serverCredentials as { certificateDer: Uint8Array }).certificateDer,
  );
  return {
    client,
    server,
    async close() {
      await Promise.allSettled([client.connection.close(), server.connection.close()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
