import { ChunkBits } from './chunk-bits.ts';
import { chunkDigest, type WholeHash } from './chunk-hash.ts';
import { chunkHash, chunkLength, type PushManifest } from './push-manifest.ts';
import { bytesEqual } from './push-source.ts';
import type { PushStore, TransferChunks } from './push-store.ts';

/**
 * A receiver's stored chunks of one transfer, trusted only as far as they verify: every read re-checks the
 * chunk's SHA-256 (a disk can rot, a store can be tampered with), and a chunk that fails is forgotten so that
 * it is fetched again.
 */
export class VerifiedChunks {
  /** The chunks held and, as far as is known, intact. */
  readonly held: ChunkBits;
  readonly #manifest: PushManifest;
  readonly #chunks: TransferChunks;

  private constructor(manifest: PushManifest, chunks: TransferChunks, held: ChunkBits) {
    this.#manifest = manifest;
    this.#chunks = chunks;
    this.held = held;
  }

  /** Opens the transfer in the store and takes stock of what it already holds (after a restart: what to skip). */
  static async open(store: PushStore, transferId: string, manifest: PushManifest): Promise<VerifiedChunks> {
    const chunks = await store.open(transferId, manifest);
    const held = new ChunkBits(manifest.chunkCount);
    for (const index of await chunks.held()) if (Number.isInteger(index)) held.set(index);
    return new VerifiedChunks(manifest, chunks, held);
  }

  /** Keeps a chunk that has been verified; it counts as held once the store says it is durable. */
  async put(index: number, bytes: Uint8Array): Promise<void> {
    await this.#chunks.put(index, bytes);
    this.held.set(index);
  }

  /** A held chunk, verified again; `undefined` (and forgotten) when it is missing or does not match. */
  async read(index: number): Promise<Uint8Array | undefined> {
    const chunk = await this.#chunks.get(index).catch(() => undefined);
    if (chunk && chunk.length === chunkLength(this.#manifest, index)) {
      if (bytesEqual(await chunkDigest(chunk), chunkHash(this.#manifest, index))) return chunk;
    }
    if (this.held.has(index)) {
      this.held.clear(index);
      await this.#chunks.delete(index).catch(() => {});
    }
    return undefined;
  }

  /**
   * Reads every chunk in order and checks the whole SHA-256: `ok`, `missing` (a chunk failed its re-check and
   * was forgotten: fetch it again) or `mismatch` (the chunks match the manifest but not its whole hash). Chunks
   * are re-checked one by one only when the whole does not match (every one was checked when it arrived).
   */
  async verifyWhole(wholeHash: () => WholeHash): Promise<'ok' | 'missing' | 'mismatch'> {
    const hash = wholeHash();
    for (let index = 0; index < this.#manifest.chunkCount; index++) {
      const chunk = await this.#chunks.get(index).catch(() => undefined);
      if (!chunk) {
        await this.read(index); // forgets it
        return 'missing';
      }
      hash.update(chunk);
    }
    if (bytesEqual(hash.digest(), this.#manifest.sha256)) return 'ok';
    let missing = false;
    for (let index = 0; index < this.#manifest.chunkCount; index++)
      if (!(await this.read(index))) missing = true;
    return missing ? 'missing' : 'mismatch';
  }

  remove(): Promise<void> {
    return this.#chunks.remove();
  }
}
