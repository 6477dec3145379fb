import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';
import { loadAppPorts, saveAppPorts } from './app-ports.ts';
import { AppServer, type HostedApp } from './app-server.ts';

export interface AppHostOptions {
  readonly apps: readonly HostedApp[];
  /** Where `app-ports.json` keeps each app's port. */
  readonly stateDir: string;
  readonly bridgePort: number;
  readonly verifyToken: (origin: string, token: string) => boolean;
  /** An authenticated page socket for app `appId`. */
  readonly onSyncSocket: (appId: string, socket: WebSocket) => void;
  /** An authenticated request under `/<appId>/api/` (`AppServerOptions.onApiRequest`). */
  readonly onApiRequest?: AppApiRequestHandler;
}

/** An authenticated request under `/<appId>/api/`, `path` being the rest after `api/`. */
export type AppApiRequestHandler = (
  appId: string,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
) => void;

/**
 * Every app `offgrid up` serves, each on its own loopback port (an origin of its own), the same port on every
 * run. `moved` names the apps whose remembered port was taken, served on a new one (their pages start afresh).
 */
export class AppHost {
  readonly servers: ReadonlyMap<string, AppServer>;
  readonly moved: readonly string[];

  private constructor(servers: Map<string, AppServer>, moved: string[]) {
    this.servers = servers;
    this.moved = moved;
  }

  static async start(options: AppHostOptions): Promise<AppHost> {
    const ports = await loadAppPorts(options.stateDir);
    const servers = new Map<string, AppServer>();
    const moved: string[] = [];
    try {
      for (const app of options.apps) {
        const serverOptions = {
          app,
          bridgePort: options.bridgePort,
          verifyToken: options.verifyToken,
          onSyncSocket: (socket: WebSocket) => options.onSyncSocket(app.id, socket),
          ...(options.onApiRequest === undefined
            ? {}
            : {
                onApiRequest: (request: IncomingMessage, response: ServerResponse, path: string) =>
                  options.onApiRequest?.(app.id, request, response, path),
              }),
        };
        const remembered = ports.get(app.id);
        let server: AppServer;
        try {
          server = await AppServer.start(serverOptions, remembered ?? 0);
        } catch (error) {
          if (remembered === undefined) throw error;
          moved.push(app.id);
          server = await AppServer.start(serverOptions, 0);
        }
        servers.set(app.id, server);
        ports.set(app.id, server.port);
      }
      await saveAppPorts(options.stateDir, ports);
    } catch (error) {
      await Promise.all([...servers.values()].map((server) => server.close()));
      throw error;
    }
    return new AppHost(servers, moved);
  }

  async close(): Promise<void> {
    await Promise.all([...this.servers.values()].map((server) => server.close()));
  }
}
