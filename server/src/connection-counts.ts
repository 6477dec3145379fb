/** An open document connection as counted against the limits: which socket, with which token. */
interface Entry {
  readonly socketId: string;
  readonly token: string;
  /** When it was let in; until `confirm`, an entry whose document never finished loading expires. */
  readonly at: number;
  confirmed: boolean;
}

/**
 * Open document connections per WebSocket and per token, for the limits of `AccessControl`. An entry is added
 * when a document is let in and removed on its disconnect; Hocuspocus calls no disconnect hook when the document
 * then fails to load, so an entry not confirmed (by the `connected` hook) within `unconfirmedMs` is dropped,
 * lest a token lose its connections to storage faults.
 */
export class ConnectionCounts {
  private readonly entries = new Map<number, Entry>();
  private readonly bySocket = new Map<string, Set<number>>();
  private readonly unconfirmed = new Set<number>();
  private nextId = 1;
  private readonly unconfirmedMs: number;

  constructor(unconfirmedMs: number) {
    this.unconfirmedMs = unconfirmedMs;
  }

  /** Documents open on `socketId`. */
  documents(socketId: string): number {
    return this.bySocket.get(socketId)?.size ?? 0;
  }

  /** Sockets with at least one document open with `token`, and whether `socketId` is one of them. */
  sockets(token: string, socketId: string): { count: number; includes: boolean } {
    const sockets = new Set<string>();
    for (const entry of this.entries.values()) if (entry.token === token) sockets.add(entry.socketId);
    return { count: sockets.size, includes: sockets.has(socketId) };
  }

  add(socketId: string, token: string, now: number): number {
    this.prune(now);
    const id = this.nextId++;
    this.entries.set(id, { socketId, token, at: now, confirmed: false });
    this.unconfirmed.add(id);
    const ids = this.bySocket.get(socketId) ?? new Set<number>();
    ids.add(id);
    this.bySocket.set(socketId, ids);
    return id;
  }

  confirm(id: number): void {
    const entry = this.entries.get(id);
    if (entry) entry.confirmed = true;
    this.unconfirmed.delete(id);
  }

  remove(id: number): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.unconfirmed.delete(id);
    const ids = this.bySocket.get(entry.socketId);
    ids?.delete(id);
    if (ids?.size === 0) this.bySocket.delete(entry.socketId);
  }

  private prune(now: number): void {
    for (const id of this.unconfirmed) {
      const entry = this.entries.get(id);
      if (entry && now - entry.at > this.unconfirmedMs) this.remove(id);
    }
  }
}
