/**
 * One node of the group-push bench: TLS/TCP sessions on 127.0.0.1 with throwaway certificates, pinned by
 * fingerprint both ways and taken as authenticated (as after pairing), an LP2PConnection on each and one
 * `offgrid-push` channel per peer. The dialling side opens the channel.
 */
import { GROUP_PUSH_CHANNEL_LABEL } from '@offgrid/sync';
import {
  AgentConnection,
  agentFingerprint,
  createLP2PConnection,
  dialTcp,
  type LP2PDataChannel,
  type LP2PDataChannelEvent,
  listenTcp,
  type Session,
  type SessionListener,
} from '@offgrid/transport-lp2p/node';
import { createTestCredentials } from '@offgrid/transport-lp2p/testing';

export interface PushNode {
  readonly fingerprint: string;
  readonly port: number;
  /** Expects sessions from these fingerprints (others are closed). */
  expect(fingerprints: readonly string[]): void;
  dial(fingerprint: string, port: number, label?: string): Promise<LP2PDataChannel>;
  close(): Promise<void>;
}

const info = {
  displayName: 'bench',
  modelName: 'bench',
  capabilities: [],
  stateToken: 'abcdefgh',
  locales: ['en'],
};

export async function startPushNode(
  name: string,
  onChannel: (fingerprint: string, channel: LP2PDataChannel) => void,
): Promise<PushNode> {
  const credentials = await createTestCredentials(name);
  const fingerprint = agentFingerprint(credentials.certificateDer);
  const expected = new Set<string>();
  let requestId = 0;
  const agents: AgentConnection[] = [];
  const adopt = (session: Session, remote: string) => {
    const agent = new AgentConnection({
      session,
      localInfo: () => info,
      nextRequestId: () => ++requestId,
      remoteFingerprint: remote,
      authenticated: true,
    });
    agents.push(agent);
    return createLP2PConnection(agent);
  };
  const listener: SessionListener = await listenTcp({
    host: '127.0.0.1',
    credentials,
    verifyPeer: (remote) => expected.has(remote),
  });
  void (async () => {
    for await (const session of listener.incomingSessions) {
      const remote = agentFingerprint(session.remoteCertificate);
      const connection = adopt(session, remote);
      connection.addEventListener('datachannel', (event) => {
        onChannel(remote, (event as LP2PDataChannelEvent).channel);
      });
    }
  })();
  return {
    fingerprint,
    port: listener.port,
    expect: (fingerprints) => {
      for (const fp of fingerprints) expected.add(fp);
    },
    async dial(remote, port, label = GROUP_PUSH_CHANNEL_LABEL) {
      expected.add(remote);
      const session = await dialTcp({
        host: '127.0.0.1',
        port,
        serverName: 'agent.local',
        credentials,
        expectedFingerprint: remote,
        timeoutMs: 5000,
      });
      const channel = adopt(session, remote).createDataChannel(label);
      await new Promise((resolve, reject) => {
        channel.addEventListener('open', resolve, { once: true });
        channel.addEventListener('close', reject, { once: true });
      });
      return channel;
    },
    async close() {
      for (const agent of agents) await agent.close().catch(() => {});
      await listener.close();
    },
  };
}
