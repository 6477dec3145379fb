import {
  isChannelOpen,
  ServerConfirmations,
  ServerGateway,
  type ServerGatewayOptions,
  type SyncChannel,
  SyncHub,
  type SyncHubOptions,
  type SyncLink,
} from '@offgrid/sync';
import type * as Y from 'yjs';
import type { DocumentStore } from '../store/document-store.ts';
import { serverStateIn } from '../store/server-state.ts';
import { PersistedDoc } from './persisted-doc.ts';
import { Presence } from './presence.ts';
import type { Connectivity, DocumentStatus, WorkspaceStatus } from './status.ts';

export interface WorkspaceOptions {
  /** The app's id: names this workspace (one store per app). */
  appId: string;
  store: DocumentStore;
  /**
   * An `offgrid serve` (or any Hocuspocus server) to sync with when reachable: this device becomes a gateway
   * ({@link ServerGateway}: reconnects with backoff, retries at once on a network change). Only `url` and `token`
   * are needed; `networkChanges` defaults to the browser's `online` event (`@offgrid/framework/node` watches the
   * network interfaces), the rest are for tests.
   */
  server?: Omit<ServerGatewayOptions, 'peerId'>;
  /** Hooks of the workspace's {@link SyncHub} (access per peer, limits, clock). */
  hub?: SyncHubOptions;
  /** Compact a document's stored log after this many appended updates. Default 1000. */
  compactAfter?: number;
  /**
   * Where connectivity comes from when this workspace reaches the world only through its device's agent (a page
   * of `offgrid up`): `status()` reports the agent's. Dispatches `change` when it changes.
   */
  connectivity?: ConnectivitySource;
}

/** Connectivity learnt from elsewhere (the agent's status, see `openAppWorkspace`). */
export interface ConnectivitySource extends EventTarget {
  current(): { readonly connectivity: Connectivity; readonly nearbyPeers: number };
}

/**
 * How a channel joins: `server` makes the link a Hocuspocus client (token first) and counts it as the server for
 * connectivity. Server confirmations come only through the `server` option's gateway (or from peers).
 */
export interface AttachOptions {
  peerId: string;
  server?: boolean;
  token?: string;
}

interface OpenDoc {
  readonly persisted: PersistedDoc;
}

/**
 * An app's documents on this device: stored durably, synced over every channel attached. Events: `status`
 * (connectivity or a document's status changed; read {@link status}), `error` (an `ErrorEvent`-like event with
 * `.error`: a store write failed).
 *
 * @example
 * ```ts
 * const workspace = openWorkspace({ appId: 'notes', store: new SqliteDocumentStore('notes.db') });
 * const doc = workspace.doc('shopping');           // usable at once; stored content arrives with whenLoaded
 * doc.getText('body').insert(0, 'milk');
 * await workspace.whenSaved();                     // on disk now
 * workspace.attach(dataChannel, { peerId: fingerprint });
 * workspace.addEventListener('status', () => badge.update(workspace.status()));
 * ```
 */
export class Workspace extends EventTarget {
  readonly appId: string;
  readonly hub: SyncHub;
  /** What the server holds of each document, learnt from the gateway or from peers (always present). */
  readonly confirmations: ServerConfirmations;
  /** This device's gateway to the server, when `server` was given. */
  readonly gateway: ServerGateway | null;
  readonly #store: DocumentStore;
  readonly #docs = new Map<string, OpenDoc>();
  readonly #serverLinks = new Set<SyncLink>();
  readonly #compactAfter: number;
  readonly #connectivity: ConnectivitySource | undefined;
  #statusQueued = false;
  #closed = false;

  constructor(options: WorkspaceOptions) {
    super();
    this.appId = options.appId;
    this.#store = options.store;
    this.#compactAfter = options.compactAfter ?? 1000;
    // Acknowledge a peer's changes only once they are stored here ("durable before acknowledging").
    this.hub = new SyncHub({
      ...options.hub,
      durable: (name) => this.#docs.get(name)?.persisted.whenSaved(),
    });
    this.confirmations = new ServerConfirmations(this.hub, { store: serverStateIn(this.#store) });
    this.confirmations.addEventListener('confirmed', () => this.#queueStatus());
    this.gateway =
      options.server === undefined ? null : new ServerGateway(this.hub, this.confirmations, options.server);
    this.gateway?.addEventListener('state', () => this.#queueStatus());
    this.gateway?.start();
    this.#connectivity = options.connectivity;
    this.#connectivity?.addEventListener('change', () => this.#queueStatus());
  }

  /** The document `name`: the same `Y.Doc` on every call; filled from storage as soon as it is read. */
  doc(name: string): Y.Doc {
    const open = this.#docs.get(name);
    if (open !== undefined) return open.persisted.doc;
    const persisted = new PersistedDoc(name, this.#store, {
      compactAfter: this.#compactAfter,
      onError: (error) => this.dispatchEvent(Object.assign(new Event('error'), { error })),
      onChange: () => this.#queueStatus(),
    });
    const entry: OpenDoc = { persisted };
    this.#docs.set(name, entry);
    // Joins the hub once loaded: stored content then counts as already there, not as new local changes.
    persisted.whenLoaded.then(
      () => {
        if (this.#closed || this.#docs.get(name) !== entry) return;
        const document = this.hub.open(name, persisted.doc);
        document.addEventListener('acks', () => this.#queueStatus());
        this.#queueStatus();
      },
      (error: unknown) => this.dispatchEvent(Object.assign(new Event('error'), { error })),
    );
    return persisted.doc;
  }

  /** Resolves once the stored content of `name` is in its `Y.Doc` (opening it if needed). */
  whenLoaded(name: string): Promise<void> {
    this.doc(name);
    return (this.#docs.get(name) as OpenDoc).persisted.whenLoaded;
  }

  /** Resolves once every change made so far, to every document, is durable on this device. */
  async whenSaved(): Promise<void> {
    await Promise.all([...this.#docs.values()].map((open) => open.persisted.whenSaved()));
  }

  /** Names of the documents stored on this device (open or not). */
  list(): Promise<string[]> {
    return this.#store.list();
  }

  /** Syncs every open document over `channel` (a data channel to a nearby peer, or a socket to a server). */
  attach(channel: SyncChannel, options: AttachOptions): SyncLink {
    const link = this.hub.attach(channel, {
      peerId: options.peerId,
      role: options.server === true ? 'client' : 'peer',
      ...(options.token === undefined ? {} : { token: options.token }),
    });
    if (options.server === true) this.#serverLinks.add(link);
    const changed = () => this.#queueStatus();
    link.addEventListener('close', () => {
      this.#serverLinks.delete(link);
      changed();
    });
    channel.addEventListener('open', changed);
    changed();
    return link;
  }

  /** Names and colours of the people on document `name` (once it is loaded and joined the hub). */
  async presence(name: string): Promise<Presence> {
    await this.whenLoaded(name);
    const document = this.hub.get(name);
    if (document === undefined) throw new WorkspaceClosedError();
    return new Presence(document.awareness);
  }

  /** Folds the stored log of `name` into one update now (it also happens in the background). */
  async compact(name: string): Promise<void> {
    this.doc(name);
    await (this.#docs.get(name) as OpenDoc).persisted.compact();
  }

  /** Where things stand, as plain data. */
  status(): WorkspaceStatus {
    const open = [...this.hub.links].filter((link) => !link.closed && isChannelOpen(link.channel));
    const gatewayLink = this.gateway?.state === 'connected' ? this.gateway.link : null;
    const server = open.filter((link) => link === gatewayLink || this.#serverLinks.has(link));
    const connectivity: Connectivity =
      server.length > 0 ? 'online' : open.length > 0 ? 'nearby only' : 'offline';
    const documents = [...this.#docs].map(([name, entry]) => this.#documentStatus(name, entry));
    if (this.#connectivity !== undefined) return { ...this.#connectivity.current(), documents };
    return { connectivity, nearbyPeers: open.length - server.length, documents };
  }

  /** Stops syncing, waits for pending writes, closes the store. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.gateway?.stop();
    this.hub.destroy();
    await Promise.all([...this.#docs.values()].map((open) => open.persisted.destroy()));
    await this.#store.close();
  }

  #documentStatus(name: string, entry: OpenDoc): DocumentStatus {
    const document = this.hub.get(name);
    const server = document?.serverStatus();
    return {
      name,
      loaded: entry.persisted.loaded,
      unsaved: entry.persisted.unsaved,
      notOnAnyPeer: document?.unconfirmed() ?? { count: 0, oldestAgeMs: null },
      notOnServer:
        server === undefined
          ? { count: null, oldestAgeMs: null }
          : { count: server.pending, oldestAgeMs: server.oldestPendingAgeMs },
      lastServerConfirmation: server?.confirmedAt ?? null,
      serverUpTo: server?.upTo ?? null,
    };
  }

  #queueStatus(): void {
    if (this.#statusQueued || this.#closed) return;
    this.#statusQueued = true;
    queueMicrotask(() => {
      this.#statusQueued = false;
      this.dispatchEvent(new Event('status'));
    });
  }
}

/** The workspace was closed while waiting for a document. */
export class WorkspaceClosedError extends Error {
  readonly code = 'closed';

  constructor() {
    super('the workspace is closed');
    this.name = 'WorkspaceClosedError';
  }
}

/** Opens an app's workspace. See {@link Workspace}. */
export function openWorkspace(options: WorkspaceOptions): Workspace {
  return new Workspace(options);
}
