import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AgentLink,
  MemoryDocumentStore,
  openReplica,
  openShareHost,
  openWorkspace,
  PageShare,
  type PageSocket,
  type Replica,
  type ShareHost,
  type Workspace,
} from '@offgrid/framework/node';
import { createMemoryChannelPair } from '@offgrid/sync';
import { AppHost, OriginTokens } from '@offgrid/transport-lp2p/node';
import { until as waitUntil } from '@offgrid/transport-lp2p/testing';
import { WebSocket } from 'ws';

export const APP = { id: 'share-test', title: 'Share test', files: new Map() };

/** One device's agent as `offgrid up` runs it for one app: replica, share host, app server, tokens. */
export interface ShareAgent {
  readonly id: string;
  readonly replica: Replica;
  readonly host: ShareHost;
  readonly tokens: OriginTokens;
  readonly port: number;
  readonly origin: string;
  /** Page sockets the app server handed over (authenticated ones only). */
  readonly pageSockets: number;
  stop(): Promise<void>;
}

/** `names`: the nearby agents' names as this agent's trust store would know them. */
export async function startShareAgent(id: string, names: Record<string, string>): Promise<ShareAgent> {
  const stateDir = mkdtempSync(join(tmpdir(), `share-${id}-`));
  const tokens = new OriginTokens();
  const replica = await openReplica({ appId: APP.id, stateDir });
  const host = openShareHost(replica, {
    id,
    stateDir,
    nameOf: (fingerprint) => names[fingerprint],
    offerTimeoutMs: 60_000,
  });
  let pageSockets = 0;
  const server = await AppHost.start({
    apps: [APP],
    stateDir,
    bridgePort: 1,
    verifyToken: (origin, token) => tokens.verify(origin, token),
    onSyncSocket: (_id, socket) => {
      pageSockets++;
      const page = socket as unknown as PageSocket;
      replica.attachPage(page, host.attachPage(page));
    },
  });
  const port = server.servers.get(APP.id)?.port as number;
  return {
    id,
    replica,
    host,
    tokens,
    port,
    origin: `http://127.0.0.1:${port}`,
    get pageSockets() {
      return pageSockets;
    },
    async stop() {
      host.close();
      host.share.close();
      await server.close();
      await replica.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** Two agents' push channels (as `replica-peers` gives them over `offgrid-push/<appId>`). */
export function linkAgents(a: ShareAgent, b: ShareAgent): void {
  const [toB, toA] = createMemoryChannelPair();
  a.host.addPeer(b.id, toB);
  b.host.addPeer(a.id, toA);
}

/** A page of the app in Node: its own workspace, the real AgentLink over `ws` (Origin set), and its PageShare. */
export interface PageStandIn {
  readonly workspace: Workspace;
  readonly link: AgentLink;
  readonly share: PageShare;
  close(): Promise<void>;
}

export async function openPage(agent: ShareAgent, origin = agent.origin): Promise<PageStandIn> {
  const token = agent.tokens.issue(agent.origin);
  const link = new AgentLink({
    syncUrl: `ws://127.0.0.1:${agent.port}/${APP.id}/sync`,
    infoUrl: `${agent.origin}/${APP.id}/agent.json`,
    tokens: { get: () => token, clear: () => {} },
    consent: async () => {},
    createSocket: (url, protocols) =>
      new WebSocket(url, protocols, { origin }) as unknown as globalThis.WebSocket,
    backoff: { initialMs: 50, maxMs: 400 },
  });
  const workspace = openWorkspace({ appId: APP.id, store: new MemoryDocumentStore(), connectivity: link });
  const share = new PageShare(workspace, link);
  link.start(workspace);
  return {
    workspace,
    link,
    share,
    async close() {
      share.close();
      link.stop();
      await workspace.close();
    },
  };
}

/** The testing entry's `until` with the 20 s these tests allow agents over real sockets. */
export function until(ready: () => boolean, what: string, ms = 20_000): Promise<void> {
  return waitUntil(ready, what, ms);
}
