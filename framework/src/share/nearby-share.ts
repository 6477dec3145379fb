import { GroupPush, type SyncChannel } from '@offgrid/sync';
import type { Workspace } from '../workspace/workspace.ts';
import { IncomingShares } from './incoming-shares.ts';
import type { NearbyShareOptions } from './nearby-share-options.ts';
import { OutgoingShares } from './outgoing-shares.ts';
import { ShareError } from './share-error.ts';
import { ShareEventTarget } from './share-events.ts';
import type { ShareFile, ShareOptions, ShareResult, ShareSnapshot } from './share-types.ts';
import { DOCUMENT_MEDIA_TYPE, encodeDocument } from './shared-document.ts';

export type { NearbyShareOptions } from './nearby-share-options.ts';

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
export class NearbyShare extends ShareEventTarget {
  /** The group push underneath (its own channels; for `peers()` and diagnostics). */
  readonly push: GroupPush;
  readonly #workspace: Workspace;
  readonly #incoming: IncomingShares;
  readonly #outgoing: OutgoingShares;
  #closed = false;

  constructor(workspace: Workspace, options: NearbyShareOptions) {
    super();
    this.#workspace = workspace;
    // Each event (an offer, progress, an import) is followed by `change`.
    const emit = (event?: Event) => {
      if (event) this.dispatchEvent(event);
      this.dispatchEvent(new Event('change'));
    };
    const incoming = new IncomingShares(
      workspace,
      {
        ...(options.offerTimeoutMs !== undefined && { offerTimeoutMs: options.offerTimeoutMs }),
        ...(options.saveFile && { saveFile: options.saveFile }),
      },
      emit,
    );
    this.#incoming = incoming;
    this.push = new GroupPush({
      id: options.id,
      ...(options.store && { store: options.store }),
      ...(options.limits && { limits: options.limits }),
      ...(options.wholeHash && { wholeHash: options.wholeHash }),
      ...(options.peerTimeoutMs !== undefined && { peerTimeoutMs: options.peerTimeoutMs }),
      accept: (offer) => incoming.onOffer(offer),
      onReceiveProgress: (progress) => incoming.onProgress(progress),
      onReceived: (received) => void incoming.onReceived(received),
      onReceiveFailed: (offer, error) => incoming.onFailed(offer, error),
    });
    this.#outgoing = new OutgoingShares(this.push, workspace.appId, emit);
  }

  /**
   * Attaches the push channel to `peer` (label `offgrid-push`, beside the documents' channel the workspace
   * syncs over). Any {@link SyncChannel} works; one still connecting counts as a peer once it opens (then `change`).
   * Returns a detach function; the channel stays the caller's.
   */
  addPeer(peer: string, channel: SyncChannel): () => void {
    const detach = this.push.addPeer(peer, channel);
    // GroupPush holds a connecting channel's offers until it opens; `peers()` changes only then, which pages
    // hear of by `change`.
    const changed = (): void => {
      channel.removeEventListener('open', changed);
      if (!this.#closed) this.dispatchEvent(new Event('change'));
    };
    if (channel.readyState === 'connecting' || channel.readyState === 0)
      channel.addEventListener('open', changed);
    else changed();
    return () => {
      channel.removeEventListener('open', changed);
      detach();
    };
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
    return this.#incoming.accept(transferId, options);
  }

  /** Declines a pending offer: nothing is stored. Returns false when no such offer is pending. */
  decline(transferId: string): boolean {
    return this.#incoming.decline(transferId);
  }

  /** Cancels a share this device started or a receipt it accepted. Returns false when neither is running. */
  cancel(transferId: string): boolean {
    return this.#outgoing.cancel(transferId) || this.#incoming.cancel(transferId);
  }

  /** Offers, receipts and shares as plain data. */
  snapshot(): ShareSnapshot {
    return {
      offers: this.#incoming.offers(),
      incoming: this.#incoming.incoming(),
      outgoing: this.#outgoing.outgoing(),
    };
  }

  /** Declines pending offers and stops the push (shares reject with `closed`; stored chunks stay). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#incoming.close();
    this.push.close();
  }

  async #share(
    kind: 'document' | 'file',
    content: { name: string; type?: string; bytes: Uint8Array | Blob | Promise<Uint8Array> },
    options: ShareOptions,
  ): Promise<ShareResult> {
    if (this.#closed) throw new ShareError('closed', 'this NearbyShare is closed');
    return this.#outgoing.share(kind, content, options);
  }
}

function isBlob(file: ShareFile | File): file is File {
  return typeof Blob !== 'undefined' && file instanceof Blob;
}
