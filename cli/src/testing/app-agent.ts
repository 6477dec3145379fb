import { openReplica, type PageSocket, type Replica, servePageBlob } from '@offgrid/framework/node';
import { AppHost, type OriginTokens } from '@offgrid/transport-lp2p/node';

type HostedApp = Parameters<typeof AppHost.start>[0]['apps'][number];

export interface AppAgentOptions {
  readonly app: HostedApp;
  readonly stateDir: string;
  readonly tokens: OriginTokens;
  /** The replica's peer id (default: the replica's own). */
  readonly peerId?: string;
}

export interface AppAgent {
  readonly replica: Replica;
  /** The app's own port (`http://127.0.0.1:<port>` is its origin). */
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * An app's agent side in Node, on loopback, as `offgrid up` wires it: the app's replica in `stateDir`, and its app
 * server taking page sync sockets and the page blob endpoint, both checked against `tokens`.
 */
export async function startAppAgent(options: AppAgentOptions): Promise<AppAgent> {
  const { app, stateDir, tokens } = options;
  const replica = await openReplica({
    appId: app.id,
    stateDir,
    ...(options.peerId === undefined ? {} : { peerId: options.peerId }),
  });
  const host = await AppHost.start({
    apps: [app],
    stateDir,
    bridgePort: 1,
    verifyToken: (origin, token) => tokens.verify(origin, token),
    onSyncSocket: (_id, socket) => replica.attachPage(socket as unknown as PageSocket),
    onApiRequest: (_id, req, res, path) => void servePageBlob(replica.blobs, req, res, path),
  });
  return {
    replica,
    port: host.servers.get(app.id)?.port as number,
    async stop() {
      await host.close();
      await replica.close();
    },
  };
}
