import * as Y from 'yjs';
import type { DocumentStore } from '../store/document-store.ts';
import { compactDocument, mergeStored } from '../store/merge-stored.ts';
import { countOf, logOf } from '../store/packed-updates.ts';

/** Transaction origin of content applied from storage: not appended again. */
const fromStore = Symbol('offgrid.fromStore');

/**
 * One `Y.Doc` bound to its stored log: loaded from it (one merged update, one transaction), every later update
 * appended, and the log compacted in the background once `compactAfter` updates were appended.
 */
export class PersistedDoc {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly whenLoaded: Promise<void>;
  #loaded = false;
  #unsaved = 0;
  #saving = new Set<Promise<void>>();
  #appendedSinceCompaction = 0;
  #compacting: Promise<unknown> | null = null;
  #destroyed = false;
  readonly #store: DocumentStore;
  readonly #compactAfter: number;
  readonly #onError: (error: unknown) => void;
  readonly #onChange: () => void;

  constructor(
    name: string,
    store: DocumentStore,
    options: { compactAfter: number; onError(error: unknown): void; onChange(): void },
  ) {
    this.name = name;
    this.#store = store;
    this.#compactAfter = options.compactAfter;
    this.#onError = options.onError;
    this.#onChange = options.onChange;
    this.doc = new Y.Doc();
    this.doc.on('update', this.#onUpdate);
    this.whenLoaded = this.#load();
  }

  get loaded(): boolean {
    return this.#loaded;
  }

  /** Changes handed to the store and not yet durable. */
  get unsaved(): number {
    return this.#unsaved;
  }

  /** Resolves once every change made so far is durable (rejects if the store failed one). */
  async whenSaved(): Promise<void> {
    await Promise.all([...this.#saving]);
  }

  /** Folds the stored log into one update now (also runs by itself in the background). */
  compact(): Promise<unknown> {
    this.#compacting ??= compactDocument(this.#store, this.name).finally(() => {
      this.#compacting = null;
    });
    return this.#compacting;
  }

  /** Stops storing; resolves once pending writes and a running compaction are over (before the store closes). */
  async destroy(): Promise<void> {
    this.#destroyed = true;
    this.doc.off('update', this.#onUpdate);
    await Promise.allSettled([this.whenSaved(), this.#compacting]);
  }

  async #load(): Promise<void> {
    const stored = await this.#store.load(this.name);
    const log = logOf(stored);
    const count = countOf(log);
    const merged = count > 0 ? mergeStored(log) : undefined;
    if (merged !== undefined) Y.applyUpdate(this.doc, merged, fromStore);
    this.#loaded = true;
    // The merge just done is a compaction: store it (atomically, keeping what was appended since) if worth it.
    const through = stored.through;
    if (count >= this.#compactAfter && merged !== undefined && this.#compacting === null) {
      this.#compacting = this.#store.replace(this.name, through, merged).finally(() => {
        this.#compacting = null;
      });
      this.#compacting.catch(this.#onError);
    }
  }

  #onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === fromStore) return;
    this.#unsaved++;
    const saving = this.#store.append(this.name, update).finally(() => {
      this.#unsaved--;
      this.#saving.delete(saving);
      this.#onChange();
    });
    this.#saving.add(saving);
    saving.catch(this.#onError);
    this.#appendedSinceCompaction++;
    this.#maybeCompact();
  };

  #maybeCompact(): void {
    if (this.#appendedSinceCompaction < this.#compactAfter || this.#compacting !== null) return;
    this.#appendedSinceCompaction = 0;
    // Later, not in the user's transaction: merging thousands of updates takes a few ms.
    setTimeout(() => {
      if (!this.#destroyed) this.compact().catch(this.#onError);
    }, 0);
  }
}
