import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AccessLevel, ServerGatewayOptions, SyncChannel, SyncLink } from '@offgrid/sync';
import { SqliteBlobStore } from '../../blobs/node/sqlite-blob-store.ts';
import { openBlobs, type WorkspaceBlobs } from '../../blobs/workspace-blobs.ts';
import { AgentSocketChannel } from '../../browser/agent-socket-channel.ts';
import { type AgentStatus, encodeAgentStatus } from '../../workspace/agent-status.ts';
import type { Connectivity } from '../../workspace/status.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import { openWorkspace } from '../open-workspace.ts';
import { SqliteDocumentStore } from '../sqlite-store.ts';
import type { WebApp } from '../web-app.ts';

export interface ReplicaOptions {
  /** The app's id (`WebApp.id`): names the database, `<stateDir>/apps/<id>.db`. */
  readonly appId: string;
  /** The agent's state directory. */
  readonly stateDir: string;
  /** Carry the app's documents to this server while no page is open (the data mule). */
  readonly server?: Omit<ServerGatewayOptions, 'peerId'>;
  /**
   * May this nearby agent (its fingerprint) sync this document? Called for peers attached with
   * {@link Replica.attachPeer}; pages of the app's origin (already authenticated by the host) may sync all.
   */
  readonly peerAccess?: (fingerprint: string, documentName: string) => AccessLevel;
  /** Documents the replica opens at most (stored and on demand); a peer asking for more is refused. */
  readonly maxDocuments?: number;
  /** This agent's peer id as nearby agents know it (its fingerprint): the replica's blob sync id. */
  readonly peerId?: string;
  /** Which blobs the app's documents name (the app's {@link WebApp.watchBlobReferences}). */
  readonly watchBlobReferences?: WebApp['watchBlobReferences'];
}

/** A page's WebSocket (the `ws` library's on the agent): binary frames for the wire, text for the agent status. */
export type PageSocket = SyncChannel & { send(data: string | Uint8Array<ArrayBuffer>): void };

/**
 * The device's always-on copy of one app's documents, held by `offgrid up` (docs/framework.md §The replica):
 * every stored document is opened at start, any document a page or a nearby agent offers is opened on demand,
 * and all of them sync with the app's pages, the nearby agents granted the app, and the server when given.
 */
export class Replica extends EventTarget {
  readonly appId: string;
  readonly workspace: Workspace;
  /**
   * The app's blobs (photos…) on this agent, in `<stateDir>/apps/<appId>.blobs.db`: fetched from nearby agents
   * when the app's documents name them, uploaded to the server with `server`, served to the app's pages.
   */
  readonly blobs: WorkspaceBlobs;
  #unwatch: () => void = () => {};
  readonly #pages = new Map<SyncLink, PageSocket>();
  readonly #peers = new Set<SyncLink>();
  #last = '';

  /** @internal Use {@link openReplica}. */
  constructor(appId: string, workspace: Workspace, blobs: WorkspaceBlobs) {
    super();
    this.appId = appId;
    this.workspace = workspace;
    this.blobs = blobs;
    workspace.addEventListener('status', () => this.#statusChanged());
  }

  /**
   * Joins a page's socket (already authenticated for this app's origin): the page's workspace syncs with the
   * replica, and hears the agent's status as a text frame (`offgrid/agent-status`) now and on every change. The
   * page's own text frames (the share relay) go to `onText`; without it they are ignored (never to the wire).
   */
  attachPage(socket: PageSocket, onText: (text: string) => void = () => {}): SyncLink {
    const channel = new AgentSocketChannel(socket as unknown as WebSocket, onText);
    const link = this.workspace.attach(channel, { peerId: `page:${this.appId}` });
    this.#pages.set(link, socket);
    link.addEventListener('close', () => this.#pages.delete(link));
    sendStatus(socket, encodeAgentStatus(this.status()));
    return link;
  }

  /** Joins a data channel to a nearby agent (authenticated by `fingerprint`, granted this app). */
  attachPeer(channel: SyncChannel, fingerprint: string): SyncLink {
    const link = this.workspace.attach(channel, { peerId: fingerprint });
    this.#peers.add(link);
    link.addEventListener('close', () => {
      this.#peers.delete(link);
      this.#statusChanged();
    });
    this.#statusChanged();
    return link;
  }

  /** Nearby agents linked now. */
  get peerCount(): number {
    return [...this.#peers].filter((link) => !link.closed).length;
  }

  /** The agent's connectivity for this app, as its pages are told: the gateway, then nearby agents. */
  status(): AgentStatus {
    const nearbyPeers = this.peerCount;
    const online = this.workspace.gateway?.state === 'connected';
    const connectivity: Connectivity = online ? 'online' : nearbyPeers > 0 ? 'nearby only' : 'offline';
    return { connectivity, nearbyPeers };
  }

  /** @internal Follows the app's blob references (set once by {@link openReplica}). */
  watchBlobs(watch: NonNullable<WebApp['watchBlobReferences']>): void {
    this.#unwatch = watch(this.workspace, (hashes) => {
      this.blobs.reference(hashes).catch(() => {}); // a closed store: the replica is closing
    });
  }

  async close(): Promise<void> {
    this.#unwatch();
    this.blobs.close();
    await this.workspace.close();
    await this.blobs.store.close();
  }

  #statusChanged(): void {
    const frame = encodeAgentStatus(this.status());
    if (frame === this.#last) return;
    this.#last = frame;
    for (const socket of this.#pages.values()) sendStatus(socket, frame);
    this.dispatchEvent(new Event('status'));
  }
}

function sendStatus(socket: PageSocket, frame: string): void {
  if (socket.readyState !== 1 && socket.readyState !== 'open') return;
  try {
    socket.send(frame);
  } catch {
    // closing: its close event cleans up
  }
}

/**
 * Opens an app's replica in `<stateDir>/apps/<appId>.db` (SQLite, WAL) and every document stored there; resolves
 * once they are loaded.
 */
export async function openReplica(options: ReplicaOptions): Promise<Replica> {
  const dir = join(options.stateDir, 'apps');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const maxDocuments = options.maxDocuments ?? 100_000;
  const peerAccess = options.peerAccess;
  let workspace: Workspace | undefined;
  workspace = openWorkspace({
    appId: options.appId,
    store: new SqliteDocumentStore(join(dir, `${options.appId}.db`)),
    ...(options.server === undefined ? {} : { server: options.server }),
    hub: {
      access: (peerId, name) =>
        peerId.startsWith('page:') || peerAccess === undefined ? 'write' : peerAccess(peerId, name),
      resolveForPeers: true,
      async resolveDocument(name) {
        const open = workspace;
        if (open === undefined || open.hub.documents.size >= maxDocuments) return undefined;
        try {
          await open.whenLoaded(name);
        } catch {
          return undefined; // a name the store refuses (empty, too long) or a closed replica
        }
        return open.doc(name);
      },
    },
  });
  const names = await workspace.list();
  await Promise.all(names.slice(0, maxDocuments).map((name) => (workspace as Workspace).whenLoaded(name)));
  const blobs = openBlobs(workspace, {
    id: options.peerId ?? `agent:${options.appId}`,
    store: new SqliteBlobStore(join(dir, `${options.appId}.blobs.db`)),
    ...(options.server === undefined
      ? {}
      : { server: { url: options.server.url, token: options.server.token } }),
  });
  const replica = new Replica(options.appId, workspace, blobs);
  if (options.watchBlobReferences !== undefined) replica.watchBlobs(options.watchBlobReferences);
  return replica;
}
