/**
 * Where a receiver keeps verified chunks, so that after a reconnect or a restart it asks only for what it lacks.
 * `@offgrid/sync` has {@link MemoryPushStore}; `@offgrid/sync/node` has `FilePushStore` (a directory). An
 * IndexedDB/OPFS store for browsers is not written yet.
 */
export interface PushStore {
  /** Opens (creating if needed) the chunks of one transfer; `transferId` is 64 hex digits. */
  open(transferId: string, shape: TransferShape): Promise<TransferChunks>;
}

/** The manifest's numbers a store may use to lay out or check what it holds. */
export interface TransferShape {
  readonly chunkCount: number;
  readonly chunkSize: number;
  readonly totalBytes: number;
}

/** The stored chunks of one transfer. Only chunks whose SHA-256 matched the manifest are put. */
export interface TransferChunks {
  /** Indices of the chunks held (each below `chunkCount`). */
  held(): Promise<number[]>;
  /** Keeps a chunk; resolves once it is durable (the receiver advertises it only then). */
  put(index: number, bytes: Uint8Array): Promise<void>;
  /** A held chunk, or `undefined`. The caller re-verifies its hash before use. */
  get(index: number): Promise<Uint8Array | undefined>;
  /** Forgets one chunk (it failed verification on read). */
  delete(index: number): Promise<void>;
  /** Forgets the whole transfer. */
  remove(): Promise<void>;
}

/** Chunks in memory: for tests and for browsers until a persistent store exists. Survives a `GroupPush` restart. */
export class MemoryPushStore implements PushStore {
  readonly #transfers = new Map<string, Map<number, Uint8Array>>();

  async open(transferId: string, _shape?: TransferShape): Promise<TransferChunks> {
    const transfers = this.#transfers;
    const map = transfers.get(transferId) ?? new Map<number, Uint8Array>();
    transfers.set(transferId, map);
    return {
      held: async () => [...map.keys()],
      put: async (index, bytes) => {
        map.set(index, bytes.slice());
      },
      get: async (index) => map.get(index),
      delete: async (index) => {
        map.delete(index);
      },
      remove: async () => {
        map.clear();
        transfers.delete(transferId);
      },
    };
  }

  /** Transfer ids with at least one chunk (for tests and housekeeping). */
  transfers(): string[] {
    return [...this.#transfers].filter(([, chunks]) => chunks.size > 0).map(([id]) => id);
  }
}
