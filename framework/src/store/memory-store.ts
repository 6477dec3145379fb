import { checkName, type DocumentStore, type StoredUpdates, StoreError } from './document-store.ts';

interface Logs {
  readonly byName: Map<string, { seq: number; update: Uint8Array }[]>;
  seq: number;
}

/** A {@link DocumentStore} in memory: for tests and throwaway workspaces (nothing survives the process). */
export class MemoryDocumentStore implements DocumentStore {
  readonly #logs: Logs;
  #closed = false;

  constructor(logs: Logs = { byName: new Map(), seq: 0 }) {
    this.#logs = logs;
  }

  /** A new open handle on the same logs (as opening the same file again would give). */
  reopen(): MemoryDocumentStore {
    return new MemoryDocumentStore(this.#logs);
  }

  async append(name: string, update: Uint8Array): Promise<void> {
    this.#check(name);
    const log = this.#logs.byName.get(name) ?? [];
    log.push({ seq: ++this.#logs.seq, update: update.slice() });
    this.#logs.byName.set(name, log);
  }

  async load(name: string): Promise<StoredUpdates> {
    this.#check(name);
    const log = this.#logs.byName.get(name) ?? [];
    return {
      updates: log.map((entry) => entry.update),
      through: Math.max(0, ...log.map((entry) => entry.seq)),
    };
  }

  async replace(name: string, through: number, merged: Uint8Array): Promise<void> {
    this.#check(name);
    const kept = (this.#logs.byName.get(name) ?? []).filter((entry) => entry.seq > through);
    this.#logs.byName.set(name, [{ seq: ++this.#logs.seq, update: merged.slice() }, ...kept]);
  }

  async list(): Promise<string[]> {
    return [...this.#logs.byName.keys()].sort();
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #check(name: string): void {
    checkName(name);
    if (this.#closed) throw new StoreError('closed', 'the store is closed');
  }
}
