import { checkName, type DocumentStore, type StoredUpdates, StoreError } from './document-store.ts';

/** A {@link DocumentStore} in memory: for tests and throwaway workspaces (nothing survives the process). */
export class MemoryDocumentStore implements DocumentStore {
  readonly #logs = new Map<string, { seq: number; update: Uint8Array }[]>();
  #seq = 0;
  #closed = false;

  async append(name: string, update: Uint8Array): Promise<void> {
    this.#check(name);
    const log = this.#logs.get(name) ?? [];
    log.push({ seq: ++this.#seq, update: update.slice() });
    this.#logs.set(name, log);
  }

  async load(name: string): Promise<StoredUpdates> {
    this.#check(name);
    const log = this.#logs.get(name) ?? [];
    return {
      updates: log.map((entry) => entry.update),
      through: Math.max(0, ...log.map((entry) => entry.seq)),
    };
  }

  async replace(name: string, through: number, merged: Uint8Array): Promise<void> {
    this.#check(name);
    const kept = (this.#logs.get(name) ?? []).filter((entry) => entry.seq > through);
    this.#logs.set(name, [{ seq: ++this.#seq, update: merged.slice() }, ...kept]);
  }

  async list(): Promise<string[]> {
    return [...this.#logs.keys()].sort();
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #check(name: string): void {
    checkName(name);
    if (this.#closed) throw new StoreError('closed', 'the store is closed');
  }
}
