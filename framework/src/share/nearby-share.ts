import {
  GroupPush,
  type PushDecision,
  type PushLimits,
  type PushOffer,
  type PushStore,
  type ReceivedPush,
  type SyncChannel,
  type WholeHash,
} from '@offgrid/sync';
import type { Workspace } from '../workspace/workspace.ts';
import { describeOffer, importReceived, trimEnded } from './import-received.ts';
import { ShareError } from './share-error.ts';
import {
  ImportEvent,
  ImportFailedEvent,
  type ShareEventMap,
  ShareOfferEvent,
  ShareProgressEvent,
} from './share-events.ts';
import type {
  IncomingProgress,
  IncomingShare,
  OutgoingProgress,
  ShareFile,
  ShareOptions,
  ShareResult,
  ShareSnapshot,
} from './share-types.ts';
import { DOCUMENT_MEDIA_TYPE, encodeDocument } from './shared-document.ts';

export interface NearbyShareOptions {
  /** This device's peer id as the others know it (its agent fingerprint). */
  readonly id: string;
  /** Where received chunks wait until imported (default: memory; Node: `FilePushStore` resumes after a restart). */
  readonly store?: PushStore;
  readonly limits?: Partial<PushLimits>;
  /** Node: `nodeWholeHash` from `@offgrid/sync/node` (ten times faster than the portable default). */
  readonly wholeHash?: () => WholeHash;
  /** How long a recipient may be away before the share gives up on it. Default 30 000. */
  readonly peerTimeoutMs?: number;
  /** An offer nobody answered is declined after this long. Default 300 000. */
  readonly offerTimeoutMs?: number;
  /**
   * Where received files go; resolves with a path. Default: none, the file's bytes come with the `import`
   * event. `@offgrid/framework/node` has `saveFilesTo(directory)`.
   */
  readonly saveFile?: (received: ReceivedPush) => Promise<string>;
}

type Listener = Parameters<EventTarget['addEventListener']>[1];
type ListenerOptions = Parameters<EventTarget['addEventListener']>[2];

interface PendingOffer {
  readonly offer: IncomingShare;
  readonly answer: (decision: PushDecision) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

interface Acceptance {
  readonly as: string | undefined;
  readonly cancel: AbortController;
}

/**
 * Share to nearby / import from nearby: documents (their Yjs state) and files to chosen peers over the group
 * push of `@offgrid/sync` (docs/group-push.md), one `offgrid-push` channel per peer. Incoming offers are
 * `offer` events the app answers with {@link accept} or {@link decline}; an imported document is merged into the
 * workspace. Events: `offer` ({@link ShareOfferEvent}), `progress` ({@link ShareProgressEvent}), `import`
 * ({@link ImportEvent}), `importfailed` ({@link ImportFailedEvent}) and `change` after each of them ({@link snapshot}
 * has the plain data).
 *
 * @example
 * ```ts
 * const share = new NearbyShare(workspace, { id: myFingerprint });
 * share.addPeer(fingerprint, connection.createDataChannel(GROUP_PUSH_CHANNEL_LABEL));
 * share.addEventListener('offer', ({ offer }) => share.accept(offer.transferId));
 * share.addEventListener('import', ({ imported }) => console.log(imported.kind, imported.name));
 * const result = await share.shareDocument('shopping', { to: [fingerprint] });
 * ```
 */
export class NearbyShare extends EventTarget {
  /** The group push underneath (its own channels; for `peers()` and diagnostics). */
  readonly push: GroupPush;
  readonly #workspace: Workspace;
  readonly #options: NearbyShareOptions;
  readonly #offers = new Map<string, PendingOffer>();
  readonly #accepted = new Map<string, Acceptance>();
  readonly #incoming = new Map<string, IncomingProgress>();
  readonly #outgoing = new Map<object, OutgoingProgress>();
  readonly #cancels = new Map<string, AbortController>();
  #nextShareId = 1;
  #closed = false;

  constructor(workspace: Workspace, options: NearbyShareOptions) {
    super();
    this.#workspace = workspace;
    this.#options = options;
    this.push = new GroupPush({
      id: options.id,
      ...(options.store && { store: options.store }),
      ...(options.limits && { limits: options.limits }),
      ...(options.wholeHash && { wholeHash: options.wholeHash }),
      ...(options.peerTimeoutMs !== undefined && { peerTimeoutMs: options.peerTimeoutMs }),
      accept: (offer) => this.#onOffer(offer),
      onReceiveProgress: (p) => {
        const entry = this.#incoming.get(p.transferId);
        if (entry === undefined || entry.state !== 'receiving') return;
        // Held bytes never go back; a report racing a newer one must not make the bar jump back.
        const receivedBytes = Math.max(entry.receivedBytes, p.receivedBytes);
        this.#setIncoming({ ...entry, receivedBytes, rate: p.rate, remainingMs: p.remainingMs });
      },
      onReceived: (received) => void this.#import(received),
      onReceiveFailed: (offer, error) =>
        this.#failIncoming(
          describeOffer(offer),
          new ShareError('import-failed', `${offer.name}: ${error.message}`, { cause: error }),
        ),
    });
  }

  override addEventListener<K extends keyof ShareEventMap>(
    type: K,
    listener: (event: ShareEventMap[K]) => void,
    options?: ListenerOptions,
  ): void;
  override addEventListener(type: string, listener: Listener, options?: ListenerOptions): void;
  override addEventListener(
    type: string,
    listener: Listener | ((event: never) => void),
    options?: ListenerOptions,
  ): void {
    super.addEventListener(type, listener as Listener, options);
  }

  /**
   * Attaches the push channel to `peer` (label `offgrid-push`, beside the documents' channel the workspace
   * syncs over). Any {@link SyncChannel} works; returns a detach function; the channel stays the caller's.
   */
  addPeer(peer: string, channel: SyncChannel): () => void {
    return this.push.addPeer(peer, channel);
  }

  /** Peers with an open push channel: who can be shared with now. */
  peers(): string[] {
    return this.push.peers();
  }

  /** Shares the workspace document `name` (its whole Yjs state, once loaded); receivers merge it. */
  shareDocument(name: string, options: ShareOptions): Promise<ShareResult> {
    const bytes = encodeDocument(this.#workspace, name);
    return this.#share('document', { name, type: DOCUMENT_MEDIA_TYPE, bytes }, options);
  }

  /**
   * Shares a file (a DOM `File`, or `{ name, type, bytes }`). Like {@link shareDocument}, the share is in
   * {@link snapshot}'s `outgoing` (the last entry) as soon as this returns.
   */
  shareFile(file: ShareFile | File, options: ShareOptions): Promise<ShareResult> {
    const content = isBlob(file) ? { name: file.name, type: file.type, bytes: file } : file;
    return this.#share('file', content, options);
  }

  /**
   * Accepts a pending offer. A document is merged into the workspace document `as` (default: the name the
   * sender gave; a name of its own keeps the import apart). Returns false when no such offer is pending.
   */
  accept(transferId: string, options: { as?: string; signal?: AbortSignal } = {}): boolean {
    const pending = this.#takeOffer(transferId);
    if (pending === undefined) return false;
    const cancel = new AbortController();
    options.signal?.addEventListener('abort', () => cancel.abort(), { once: true });
    this.#accepted.set(transferId, { as: options.as, cancel });
    const { offer } = pending;
    this.#setIncoming({ ...offer, receivedBytes: 0, rate: 0, remainingMs: undefined, state: 'receiving' });
    pending.answer({ accept: true, signal: cancel.signal });
    return true;
  }

  /** Declines a pending offer: nothing is stored. Returns false when no such offer is pending. */
  decline(transferId: string): boolean {
    const pending = this.#takeOffer(transferId);
    pending?.answer(false);
    if (pending !== undefined) this.#changed();
    return pending !== undefined;
  }

  /** Cancels a share this device started or a receipt it accepted. Returns false when neither is running. */
  cancel(transferId: string): boolean {
    const controller = this.#cancels.get(transferId) ?? this.#accepted.get(transferId)?.cancel;
    controller?.abort();
    return controller !== undefined;
  }

  /** Offers, receipts and shares as plain data. */
  snapshot(): ShareSnapshot {
    return {
      offers: [...this.#offers.values()].map((pending) => pending.offer),
      incoming: [...this.#incoming.values()],
      outgoing: [...this.#outgoing.values()],
    };
  }

  /** Declines pending offers and stops the push (shares reject with `closed`; stored chunks stay). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const id of [...this.#offers.keys()]) this.decline(id);
    this.push.close();
  }

  async #share(
    kind: 'document' | 'file',
    content: { name: string; type?: string; bytes: Uint8Array | Blob | Promise<Uint8Array> },
    options: ShareOptions,
  ): Promise<ShareResult> {
    if (this.#closed) throw new ShareError('closed', 'this NearbyShare is closed');
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
    this.#setOutgoing(key, base);
    try {
      const bytes = await content.bytes;
      base = { ...base, totalBytes: sizeOf(bytes) };
      this.#setOutgoing(key, base);
      return await this.#push(key, base, bytes, content.type, signal, cancel, options);
    } catch (error) {
      this.#setOutgoing(key, { ...(this.#outgoing.get(key) ?? base), done: true });
      throw error;
    }
  }

  async #push(
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
      const result = await this.push.push(bytes, {
        to: options.to,
        group: this.#workspace.appId,
        name,
        mediaType: type || 'application/octet-stream',
        signal,
        onProgress: (p) => {
          this.#cancels.set(p.transferId, cancel);
          this.#setOutgoing(key, { ...base, ...p, done: false });
        },
      });
      const final = this.#outgoing.get(key) ?? base;
      this.#setOutgoing(key, {
        ...final,
        transferId: result.transferId,
        sentBytes: result.sentBytes,
        done: true,
      });
      const { transferId, sentBytes, peers, totalBytes } = result;
      return { transferId, kind, name, totalBytes, sentBytes, peers };
    } finally {
      for (const [id, controller] of this.#cancels) if (controller === cancel) this.#cancels.delete(id);
    }
  }

  #onOffer(pushOffer: PushOffer): Promise<PushDecision> {
    if (this.#closed) return Promise.resolve(false);
    const offer = describeOffer(pushOffer);
    return new Promise((answer) => {
      const timer = setTimeout(() => this.decline(offer.transferId), this.#options.offerTimeoutMs ?? 300_000);
      // A re-sent offer (the sender reconnected) replaces the one waiting: answer the old one no. The same
      // content offered again after an earlier receipt ended has the same id: that receipt is history now.
      this.#takeOffer(offer.transferId)?.answer(false);
      if (this.#incoming.get(offer.transferId)?.state !== 'receiving')
        this.#incoming.delete(offer.transferId);
      this.#offers.set(offer.transferId, { offer, answer, timer });
      this.dispatchEvent(new ShareOfferEvent(offer));
      this.#changed();
    });
  }

  async #import(received: ReceivedPush): Promise<void> {
    const offer = describeOffer(received.offer);
    const acceptance = this.#accepted.get(offer.transferId);
    try {
      const imported = await importReceived(
        this.#workspace,
        received,
        acceptance?.as,
        this.#options.saveFile,
      );
      const entry = this.#incoming.get(offer.transferId) ?? { ...offer, rate: 0, remainingMs: undefined };
      this.#setIncoming({ ...entry, receivedBytes: offer.totalBytes, remainingMs: 0, state: 'imported' });
      this.#accepted.delete(offer.transferId);
      this.dispatchEvent(new ImportEvent(imported));
      this.#changed();
    } catch (error) {
      const shareError =
        error instanceof ShareError
          ? error
          : new ShareError('import-failed', `${offer.name}: ${(error as Error).message}`, { cause: error });
      this.#failIncoming(offer, shareError);
    } finally {
      await received.discard().catch(() => {});
    }
  }

  #failIncoming(offer: IncomingShare, error: ShareError): void {
    this.#accepted.delete(offer.transferId);
    const entry = this.#incoming.get(offer.transferId);
    if (entry !== undefined) this.#setIncoming({ ...entry, state: 'failed', error: error.code });
    this.dispatchEvent(new ImportFailedEvent(offer, error));
    this.#changed();
  }

  #takeOffer(transferId: string): PendingOffer | undefined {
    const pending = this.#offers.get(transferId);
    if (pending === undefined) return undefined;
    clearTimeout(pending.timer);
    this.#offers.delete(transferId);
    return pending;
  }

  #setIncoming(progress: IncomingProgress): void {
    this.#incoming.delete(progress.transferId); // re-inserted last: newest at the end
    this.#incoming.set(progress.transferId, progress);
    trimEnded(this.#incoming, (p) => p.state !== 'receiving');
    this.dispatchEvent(new ShareProgressEvent('incoming', progress));
    this.#changed();
  }

  #setOutgoing(key: object, progress: OutgoingProgress): void {
    this.#outgoing.set(key, progress);
    trimEnded(this.#outgoing, (p) => p.done);
    this.dispatchEvent(new ShareProgressEvent('outgoing', progress));
    this.#changed();
  }

  #changed(): void {
    this.dispatchEvent(new Event('change'));
  }
}

function isBlob(file: ShareFile | File): file is File {
  return typeof Blob !== 'undefined' && file instanceof Blob;
}
