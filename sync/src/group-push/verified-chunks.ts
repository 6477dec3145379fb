import { ChunkBits } from './chunk-bits.ts';
import type { ChunkDigest, WholeHash } from './chunk-hash.ts';
import { chunkHash, chunkLength, type PushManifest } from './push-manifest.ts';
import { bytesEqual } from './push-source.ts';
import type { PushStore, TransferChunks } from './push-store.ts';

/** Verified chunks kept in memory, ahead of the whole hash's cursor, so it need not read them back. */
const AHEAD_CHUNKS = 16;
/**
 * The chunks stored last, kept in memory: members ask for a chunk right after its HAVE, and these are served
 * without a store read and a second hash (they were verified and never left memory).
 */
const RECENT_CHUNKS = 8;

/** The hashes a receipt uses. */
export interface ChunkHashes {
  readonly wholeHash: () => WholeHash;
  readonly digest: ChunkDigest;
}

/**
 * A receiver's stored chunks of one transfer, trusted only as far as they verify: every read re-checks the
 * chunk's SHA-256 (a disk can rot, a store can be tampered with), and a chunk that fails is forgotten so that
 * it is fetched again. The whole SHA-256 is computed as the chunks arrive, in order (the ones that arrive
 * ahead of the cursor wait in memory, a few, or are read back), so that checking it at the end does not read
 * the whole content again.
 */
export class VerifiedChunks {
  /** The chunks held and, as far as is known, intact. */
  readonly held: ChunkBits;
  readonly #manifest: PushManifest;
  readonly #chunks: TransferChunks;
  readonly #hashes: ChunkHashes;
  #whole: WholeHash;
  /** Chunks before this one are in `#whole`. */
  #cursor = 0;
  readonly #ahead = new Map<number, Uint8Array>();
  readonly #recent = new Map<number, Uint8Array>();
  #advancing: Promise<void> | undefined;

  private constructor(manifest: PushManifest, chunks: TransferChunks, held: ChunkBits, hashes: ChunkHashes) {
    this.#manifest = manifest;
    this.#chunks = chunks;
    this.held = held;
    this.#hashes = hashes;
    this.#whole = hashes.wholeHash();
  }

  /** Opens the transfer in the store and takes stock of what it already holds (after a restart: what to skip). */
  static async open(
    store: PushStore,
    transferId: string,
    manifest: PushManifest,
    hashes: ChunkHashes,
  ): Promise<VerifiedChunks> {
    const chunks = await store.open(transferId, manifest);
    const held = new ChunkBits(manifest.chunkCount);
    for (const index of await chunks.held()) if (Number.isInteger(index)) held.set(index);
    const verified = new VerifiedChunks(manifest, chunks, held, hashes);
    verified.#advance();
    return verified;
  }

  /** Keeps a chunk that has been verified; it counts as held once the store says it is durable. */
  async put(index: number, bytes: Uint8Array): Promise<void> {
    await this.#chunks.put(index, bytes);
    this.held.set(index);
    this.#recent.set(index, bytes);
    if (this.#recent.size > RECENT_CHUNKS) this.#recent.delete(this.#recent.keys().next().value as number);
    if (index >= this.#cursor && index < this.#cursor + AHEAD_CHUNKS) this.#ahead.set(index, bytes);
    this.#advance();
  }

  /** A held chunk, verified again; `undefined` (and forgotten) when it is missing or does not match. */
  async read(index: number): Promise<Uint8Array | undefined> {
    const recent = this.#recent.get(index);
    if (recent) return recent;
    const chunk = await this.#chunks.get(index).catch(() => undefined);
    if (chunk && chunk.length === chunkLength(this.#manifest, index)) {
      if (bytesEqual(await this.#hashes.digest(chunk), chunkHash(this.#manifest, index))) return chunk;
    }
    if (this.held.has(index)) {
      this.#recent.delete(index);
      this.held.clear(index);
      await this.#chunks.delete(index).catch(() => {});
    }
    return undefined;
  }

  /**
   * Finishes the whole SHA-256 (reading back only the chunks it has not seen) and checks it: `ok`, `missing`
   * (a chunk failed its re-check and was forgotten: fetch it again) or `mismatch` (the chunks match the
   * manifest but not its whole hash). Chunks are re-checked one by one only when the whole does not match
   * (every one was checked when it arrived); after anything but `ok` the whole hash starts again from the first.
   */
  async verifyWhole(): Promise<'ok' | 'missing' | 'mismatch'> {
    await this.#advancing;
    let missing = false;
    for (; this.#cursor < this.#manifest.chunkCount; this.#cursor++) {
      const chunk =
        this.#ahead.get(this.#cursor) ?? (await this.#chunks.get(this.#cursor).catch(() => undefined));
      this.#ahead.delete(this.#cursor);
      if (!chunk) {
        await this.read(this.#cursor); // forgets it
        missing = true;
        break;
      }
      this.#whole.update(chunk);
    }
    if (!missing && bytesEqual(this.#whole.digest(), this.#manifest.sha256)) return 'ok';
    this.#restartWhole();
    if (missing) return 'missing';
    // Every chunk from the store, hashed again: one of them rotted since it arrived.
    this.#recent.clear();
    for (let index = 0; index < this.#manifest.chunkCount; index++)
      if (!(await this.read(index))) missing = true;
    return missing ? 'missing' : 'mismatch';
  }

  remove(): Promise<void> {
    this.#ahead.clear();
    this.#recent.clear();
    return this.#chunks.remove();
  }

  #restartWhole(): void {
    this.#whole = this.#hashes.wholeHash();
    this.#cursor = 0;
    this.#ahead.clear();
  }

  /** Feeds held chunks at the cursor into the whole hash, one run at a time, in the background. */
  #advance(): void {
    if (this.#advancing) return;
    const run = async (): Promise<void> => {
      while (this.#cursor < this.#manifest.chunkCount && this.held.has(this.#cursor)) {
        const index = this.#cursor;
        let chunk = this.#ahead.get(index);
        if (!chunk) chunk = await this.#chunks.get(index).catch(() => undefined);
        // Moved on meanwhile (verifyWhole restarted, or finished), or gone: verifyWhole deals with it.
        if (this.#cursor !== index || !chunk) return;
        this.#ahead.delete(index);
        this.#whole.update(chunk);
        this.#cursor = index + 1;
      }
    };
    this.#advancing = run().finally(() => {
      this.#advancing = undefined;
    });
  }
}
