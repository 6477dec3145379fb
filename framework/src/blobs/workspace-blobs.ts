import type { SyncChannel } from '@offgrid/sync';
import type { Workspace } from '../workspace/workspace.ts';
import type { BlobStore } from './blob-store.ts';
import { BlobSync, type BlobSyncOptions } from './blob-sync.ts';
import { BlobUploader, type BlobUploadOptions } from './blob-upload.ts';

export interface WorkspaceBlobsOptions extends BlobSyncOptions {
  /**
   * The server this device uploads blobs to when online (the same `url` and `token` as the workspace's
   * `server`); blob uploads are tried again whenever the workspace's gateway connects.
   */
  readonly server?: Omit<BlobUploadOptions, 'store'>;
}

/**
 * A workspace's blobs (photos…): stored on this device, shared once with nearby peers ({@link BlobSync} over
 * group push) and, with `server`, uploaded by this device when the server lacks them ({@link BlobUploader}).
 *
 * @example
 * ```ts
 * const blobs = openBlobs(workspace, { id: myFingerprint, store: new IndexedDbBlobStore('survey-blobs'),
 *   server: { url: 'wss://sync.example.org', token } });
 * blobs.addPeer(fingerprint, connection.createDataChannel(BLOB_CHANNEL_LABEL));
 * const hash = await blobs.put(photoBytes);   // durable here; peers and the server get it
 * await blobs.reference(hashesInMyDocuments); // fetch what the documents name and this device lacks
 * ```
 */
export class WorkspaceBlobs extends EventTarget {
  readonly sync: BlobSync;
  readonly uploader: BlobUploader | null;
  readonly store: BlobStore;
  readonly #stop: () => void;

  constructor(workspace: Workspace, options: WorkspaceBlobsOptions) {
    super();
    this.store = options.store;
    this.sync = new BlobSync(options);
    const save = async (bytes: Uint8Array, expected: string): Promise<void> => {
      const hash = await this.sync.put(bytes, expected);
      this.dispatchEvent(new CustomEvent('blob', { detail: hash }));
    };
    this.uploader = options.server
      ? new BlobUploader({ ...options.server, store: options.store, save })
      : null;
    const uploader = this.uploader;
    const arrived = (event: Event): void => {
      const hash = (event as CustomEvent<string>).detail;
      uploader?.add([hash]);
      this.dispatchEvent(new CustomEvent('blob', { detail: hash }));
    };
    const relay = (event: Event): void => {
      this.dispatchEvent(new CustomEvent('error', { detail: (event as CustomEvent).detail }));
    };
    const online = (): void => {
      if (workspace.gateway?.state === 'connected') void uploader?.run();
    };
    this.sync.addEventListener('blob', arrived);
    this.sync.addEventListener('error', relay);
    uploader?.addEventListener('error', relay);
    workspace.gateway?.addEventListener('state', online);
    this.#stop = () => workspace.gateway?.removeEventListener('state', online);
  }

  /**
   * Stores `bytes` durably on this device and shares them; resolves with their SHA-256 name. With `expected`, the
   * bytes must hash to it (`BlobError` `hash-mismatch` otherwise, nothing stored).
   */
  async put(bytes: Uint8Array, expected?: string): Promise<string> {
    const hash = await this.sync.put(bytes, expected);
    this.uploader?.add([hash]);
    return hash;
  }

  /** The bytes named `hash`, if this device holds them. */
  get(hash: string): Promise<Uint8Array | undefined> {
    return this.store.get(hash);
  }

  /** The app's documents name these blobs: fetch the missing ones from peers, upload the held ones. */
  async reference(hashes: Iterable<string>): Promise<void> {
    const list = [...hashes];
    this.uploader?.add(list);
    await this.sync.reference(list);
  }

  addPeer(peer: string, channel: SyncChannel): () => void {
    return this.sync.addPeer(peer, channel);
  }

  /** Stops sharing and uploading; the store stays open (close it yourself). */
  close(): void {
    this.#stop();
    this.sync.close();
    this.uploader?.close();
  }
}

/** Opens the blobs of `workspace`. See {@link WorkspaceBlobs}. */
export function openBlobs(workspace: Workspace, options: WorkspaceBlobsOptions): WorkspaceBlobs {
  return new WorkspaceBlobs(workspace, options);
}
