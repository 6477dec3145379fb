import type { GroupPushError, PushDecision, PushOffer, ReceivedPush, ReceiveProgress } from '@offgrid/sync';
import type { Workspace } from '../workspace/workspace.ts';
import { describeOffer, importReceived, trimEnded } from './import-received.ts';
import { ShareError } from './share-error.ts';
import { ImportEvent, ImportFailedEvent, ShareOfferEvent, ShareProgressEvent } from './share-events.ts';
import type { IncomingProgress, IncomingShare } from './share-types.ts';

export interface IncomingSharesOptions {
  /** An offer nobody answered is declined after this long. Default 300 000. */
  readonly offerTimeoutMs?: number;
  /** Where received files go (see `NearbyShareOptions.saveFile`). */
  readonly saveFile?: (received: ReceivedPush) => Promise<string>;
}

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
 * The receiving half of {@link NearbyShare}: offers waiting for an answer (declined after `offerTimeoutMs`),
 * receipts with their progress, and the import of what arrived into the workspace. Fed by the group push's
 * callbacks; every event goes out through `emit`, which then signals `change`.
 */
export class IncomingShares {
  readonly #workspace: Workspace;
  readonly #options: IncomingSharesOptions;
  readonly #emit: (event?: Event) => void;
  readonly #offers = new Map<string, PendingOffer>();
  readonly #accepted = new Map<string, Acceptance>();
  readonly #incoming = new Map<string, IncomingProgress>();
  #closed = false;

  constructor(workspace: Workspace, options: IncomingSharesOptions, emit: (event?: Event) => void) {
    this.#workspace = workspace;
    this.#options = options;
    this.#emit = emit;
  }

  offers(): IncomingShare[] {
    return [...this.#offers.values()].map((pending) => pending.offer);
  }

  incoming(): IncomingProgress[] {
    return [...this.#incoming.values()];
  }

  /** See `NearbyShare.accept`. */
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

  decline(transferId: string): boolean {
    const pending = this.#takeOffer(transferId);
    pending?.answer(false);
    if (pending !== undefined) this.#emit();
    return pending !== undefined;
  }

  /** Cancels an accepted receipt. Returns false when none runs under that id. */
  cancel(transferId: string): boolean {
    const controller = this.#accepted.get(transferId)?.cancel;
    controller?.abort();
    return controller !== undefined;
  }

  /** Declines every pending offer; later offers are declined at once. */
  close(): void {
    this.#closed = true;
    for (const id of [...this.#offers.keys()]) this.decline(id);
  }

  /** The group push's `accept`: the offer waits for the app's answer. */
  onOffer(pushOffer: PushOffer): Promise<PushDecision> {
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
      this.#emit(new ShareOfferEvent(offer));
    });
  }

  /** The group push's `onReceiveProgress`. */
  onProgress(p: ReceiveProgress): void {
    const entry = this.#incoming.get(p.transferId);
    if (entry === undefined || entry.state !== 'receiving') return;
    // Held bytes never go back; a report racing a newer one must not make the bar jump back.
    const receivedBytes = Math.max(entry.receivedBytes, p.receivedBytes);
    this.#setIncoming({ ...entry, receivedBytes, rate: p.rate, remainingMs: p.remainingMs });
  }

  /** The group push's `onReceiveFailed`. */
  onFailed(offer: PushOffer, error: GroupPushError): void {
    this.#fail(
      describeOffer(offer),
      new ShareError('import-failed', `${offer.name}: ${error.message}`, { cause: error }),
    );
  }

  /** The group push's `onReceived`: imports what arrived (a document merged, a file saved or kept). */
  async onReceived(received: ReceivedPush): Promise<void> {
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
      this.#emit(new ImportEvent(imported));
    } catch (error) {
      const shareError =
        error instanceof ShareError
          ? error
          : new ShareError('import-failed', `${offer.name}: ${(error as Error).message}`, { cause: error });
      this.#fail(offer, shareError);
    } finally {
      await received.discard().catch(() => {});
    }
  }

  #fail(offer: IncomingShare, error: ShareError): void {
    this.#accepted.delete(offer.transferId);
    const entry = this.#incoming.get(offer.transferId);
    if (entry !== undefined) this.#setIncoming({ ...entry, state: 'failed', error: error.code });
    this.#emit(new ImportFailedEvent(offer, error));
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
    this.#emit(new ShareProgressEvent('incoming', progress));
  }
}
