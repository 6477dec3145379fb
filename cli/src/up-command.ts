import { hostname } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  openReplica,
  openShareHost,
  type PageSocket,
  type Replica,
  type ShareHost,
  servePageBlob,
} from '@offgrid/framework/node';
import { startUp } from '@offgrid/transport-lp2p/node';
import { defaultStateDir, parseInterface, parseOptions, parsePort, UsageError } from './cli-options.ts';
import { ReplicaPeers } from './replica-peers.ts';
import { builtInApps, loadApps, parseAppSource } from './web-apps.ts';

/**
 * `offgrid up [--name NAME] [--state-dir DIR] [--interface ADDR] [--port N] [--ui-port P] [--server URL --token T]
 * [--app MODULE#EXPORT]…`: runs the agent, the loopback bridge that serves the LP2P API to web pages, the trusted
 * UI, and every web app (notes, field-survey, and any `--app`), each on a loopback port of its own with a replica
 * of its documents in the state dir, synced with its pages, with paired nearby agents granted the app, and with
 * the server given by `--server` (the data mule). Prints `ui: http://127.0.0.1:P/`, then one line per app,
 * `<id>: http://127.0.0.1:P/<id>/`, once everything is ready; runs until SIGINT/SIGTERM.
 */
export async function runUpCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {
    name: { type: 'string' },
    'state-dir': { type: 'string' },
    interface: { type: 'string' },
    port: { type: 'string' },
    'ui-port': { type: 'string' },
    server: { type: 'string' },
    token: { type: 'string' },
    app: { type: 'string', multiple: true },
  });
  if (values.name === '') throw new UsageError('--name must not be empty');
  if ((values.server === undefined) !== (values.token === undefined))
    throw new UsageError('--server and --token go together');
  if (values.server !== undefined && !/^wss?:\/\//.test(values.server))
    throw new UsageError(`--server takes a ws:// or wss:// URL, not '${values.server}'`);
  const stateDir = values['state-dir'] ?? defaultStateDir();
  const extra = (values.app ?? []).map(parseAppSource).map((source) => ({
    ...source,
    module:
      isAbsolute(source.module) || source.module.startsWith('.')
        ? pathToFileURL(resolve(source.module)).href
        : source.module,
  }));
  const apps = await loadApps(builtInApps, extra);
  const hosted = await Promise.all(
    apps.map(async (app) => ({ id: app.id, title: app.title, files: await app.build() })),
  );
  const replicas = new Map<string, Replica>();
  const shares = new Map<string, ShareHost>();
  const stops: (() => void)[] = [];
  const up = await startUp({
    agent: {
      // Two laptops both called "Offgrid" look the same in the peer chooser: the machine's name tells them apart.
      displayName: values.name ?? (hostname() || 'Offgrid'),
      stateDir,
      interfaceAddress: parseInterface(values.interface),
      port: parsePort(values.port),
    },
    uiPort: parsePort(values['ui-port']) ?? 0,
    keepTokens: true,
    apps: hosted,
    onSyncSocket: (appId, socket) => {
      const replica = replicas.get(appId);
      const share = shares.get(appId);
      const page = socket as unknown as PageSocket;
      if (replica === undefined || share === undefined) socket.close(1013, 'starting');
      else replica.attachPage(page, share.attachPage(page));
    },
    onApiRequest: (appId, request, response, path) => {
      const replica = replicas.get(appId);
      if (replica === undefined) response.writeHead(503, { 'Retry-After': '1' }).end();
      else void servePageBlob(replica.blobs, request, response, path);
    },
  });
  const server =
    values.server === undefined ? undefined : { url: values.server, token: values.token as string };
  const peers = new ReplicaPeers(up.agent);
  try {
    for (const app of apps) {
      const origin = `http://127.0.0.1:${up.apps.servers.get(app.id)?.port}`;
      const replica = await openReplica({
        appId: app.id,
        stateDir,
        ...(server === undefined ? {} : { server }),
        peerAccess: (fingerprint) => (peers.allowed(fingerprint, origin) ? 'write' : 'none'),
        peerId: up.agent.fingerprint,
        ...(app.watchBlobReferences === undefined
          ? {}
          : { watchBlobReferences: app.watchBlobReferences.bind(app) }),
      });
      replicas.set(app.id, replica);
      const share = openShareHost(replica, {
        id: up.agent.fingerprint,
        stateDir,
        nameOf: (fingerprint) => up.agent.trustStore.get(fingerprint)?.displayName,
        grantedPeers: () =>
          up.agent.trustStore
            .list()
            .map((peer) => peer.fingerprint)
            .filter((fingerprint) => peers.allowed(fingerprint, origin)),
      });
      shares.set(app.id, share);
      replica.blobs.addEventListener('error', (event) => {
        console.error(`${app.id}: blobs: ${((event as CustomEvent).detail as Error)?.message}`);
      });
      const unfollow = app.replica?.(replica.workspace);
      if (unfollow !== undefined) stops.push(unfollow);
      peers.add(app.id, origin, replica, share);
    }
    peers.start();
  } catch (error) {
    for (const share of shares.values()) share.share.close();
    await Promise.all([...replicas.values()].map((replica) => replica.close()));
    await up.stop();
    throw error;
  }
  // Listening before the ready lines: a test (or a person) may stop us the moment they appear.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  console.log(`agent fingerprint ${up.agent.fingerprint}`);
  console.log(`ui: ${up.bridge.uiUrl}`);
  for (const id of up.apps.moved) console.error(`${id}: its port was taken; served on a new one`);
  for (const app of apps) console.log(`${app.id}: ${up.apps.servers.get(app.id)?.url}`);
  await stopped;
  peers.stop();
  for (const stop of stops) stop();
  for (const share of shares.values()) {
    share.close();
    share.share.close();
  }
  await up.stop();
  await Promise.all([...replicas.values()].map((replica) => replica.close()));
  return 0;
}
