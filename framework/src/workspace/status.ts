/**
 * - `offline`: no link is open;
 * - `nearby only`: links to nearby peers are open, none to the server;
 * - `online`: a link to the server is open.
 */
export type Connectivity = 'offline' | 'nearby only' | 'online';

/** Local changes not yet confirmed by some set of replicas. */
export interface PendingChanges {
  /** How many local changes (transactions); `null` when not known (see {@link DocumentStatus.notOnServer}). */
  readonly count: number | null;
  /** Age of the oldest, ms; `null` when there is none or it is not known. */
  readonly oldestAgeMs: number | null;
}

/** Where one document's changes are, as plain data (safe to `JSON.stringify`). */
export interface DocumentStatus {
  readonly name: string;
  /** The stored content has been applied to the `Y.Doc`. */
  readonly loaded: boolean;
  /** Changes not yet durable in local storage (normally 0 within a few ms). */
  readonly unsaved: number;
  /** Local changes no peer (nearby or server) has acknowledged yet. */
  readonly notOnAnyPeer: PendingChanges;
  /**
   * Local changes the server has not confirmed. Known today only as "all of them" or "none" through a direct
   * link to the server: `count` is `null` unless the server link confirmed everything (then 0). Confirmations
   * relayed by peers that reached the server (a data mule) come with the gateway.
   */
  readonly notOnServer: PendingChanges;
  /** When the server last confirmed anything of this document (ms since the epoch), `null` if never seen. */
  readonly lastServerConfirmation: number | null;
}

export interface WorkspaceStatus {
  readonly connectivity: Connectivity;
  /** Open links to nearby peers (not the server). */
  readonly nearbyPeers: number;
  readonly documents: readonly DocumentStatus[];
}
