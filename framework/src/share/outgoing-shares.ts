import type { GroupPush } from '@offgrid/sync';
import { trimEnded } from './import-received.ts';
import { ShareProgressEvent } from './share-events.ts';
import type { OutgoingProgress, ShareOptions, ShareResult } from './share-types.ts';

/** What is shared: a name, a media type and the bytes (a document's are encoded while the share starts). */
export interface OutgoingContent {
  readonly name: string;
  readonly type?: string;
  readonly bytes: Uint8Array | Blob | Promise<Uint8Array>;
}

/**
 * The sending half of {@link NearbyShare}: each share pushed to its peers under the workspace's app id as the
 * group, its progress kept (the last ones that ended too) and cancellable by transfer id. Every progress event
 * goes out through `emit`, which then signals `change`.
 */
export class OutgoingShares {
  readonly #push: GroupPush;
  readonly #group: string;
  readonly #emit: (event?: Event) => void;
  readonly #outgoing = new Map<object, OutgoingProgress>();
  readonly #cancels = new Map<string, AbortController>();
  #nextShareId = 1;

  constructor(push: GroupPush, group: string, emit: (event?: Event) => void) {
    this.#push = push;
    this.#group = group;
    this.#emit = emit;
  }

  outgoing(): OutgoingProgress[] {
    return [...this.#outgoing.values()];
  }

  /** Cancels a running share. Returns false when none runs under that id. */
  cancel(transferId: string): boolean {
    const controller = this.#cancels.get(transferId);
    controller?.abort();
    return controller !== undefined;
  }

  async share(
    kind: 'document' | 'file',
    content: OutgoingContent,
    options: ShareOptions,
  ): Promise<ShareResult> {
    const key = {};
    const cancel = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, cancel.signal]) : cancel.signal;
    const sizeOf = (bytes: Uint8Array | Blob) =>
      bytes instanceof Uint8Array ? bytes.byteLength : bytes.size;
    // Entered before anything is awaited, so a caller finds it in the snapshot right after calling.
    let base: OutgoingProgress = {
      id: this.#nextShareId++,
      transferId: '',
      kind,
      name: content.name,
      totalBytes: content.bytes instanceof Promise ? 0 : sizeOf(content.bytes),
      sentBytes: 0,
      peers: [],
      done: false,
    };
    this.#set(key, base);
    try {
      const bytes = await content.bytes;
      base = { ...base, totalBytes: sizeOf(bytes) };
      this.#set(key, base);
      return await this.#run(key, base, bytes, content.type, signal, cancel, options);
    } catch (error) {
      this.#set(key, { ...(this.#outgoing.get(key) ?? base), done: true });
      throw error;
    }
  }

  async #run(
    key: object,
    base: OutgoingProgress,
    bytes: Uint8Array | Blob,
    type: string | undefined,
    signal: AbortSignal,
    cancel: AbortController,
    options: ShareOptions,
  ): Promise<ShareResult> {
    const { kind, name } = base;
    try {
      const result = await this.#push.push(bytes, {
        to: options.to,
        group: this.#group,
        name,
        mediaType: type || 'application/octet-stream',
        signal,
        onProgress: (p) => {
          this.#cancels.set(p.transferId, cancel);
          this.#set(key, { ...base, ...p, done: false });
        },
      });
      const final = this.#outgoing.get(key) ?? base;
      this.#set(key, { ...final, transferId: result.transferId, sentBytes: result.sentBytes, done: true });
      const { transferId, sentBytes, peers, totalBytes } = result;
      return { transferId, kind, name, totalBytes, sentBytes, peers };
    } finally {
      for (const [id, controller] of this.#cancels) if (controller === cancel) this.#cancels.delete(id);
    }
  }

  #set(key: object, progress: OutgoingProgress): void {
    this.#outgoing.set(key, progress);
    trimEnded(this.#outgoing, (p) => p.done);
    this.#emit(new ShareProgressEvent('outgoing', progress));
  }
}
