import type { ShareError } from './share-error.ts';
import type { Imported, IncomingProgress, IncomingShare, OutgoingProgress } from './share-types.ts';

/** `offer`: someone nearby offers a document or file; answer with `share.accept(id)` or `share.decline(id)`. */
export class ShareOfferEvent extends Event {
  readonly offer: IncomingShare;

  constructor(offer: IncomingShare) {
    super('offer');
    this.offer = offer;
  }
}

/** `progress`: a share or a receipt moved (at most every 200 ms per transfer, and on every status change). */
export class ShareProgressEvent extends Event {
  readonly direction: 'incoming' | 'outgoing';
  readonly progress: IncomingProgress | OutgoingProgress;

  constructor(direction: 'incoming' | 'outgoing', progress: IncomingProgress | OutgoingProgress) {
    super('progress');
    this.direction = direction;
    this.progress = progress;
  }
}

/** `import`: a file arrived, or a document arrived and was merged into the workspace. */
export class ImportEvent extends Event {
  readonly imported: Imported;

  constructor(imported: Imported) {
    super('import');
    this.imported = imported;
  }
}

/** `importfailed`: an accepted receipt ended without an import. */
export class ImportFailedEvent extends Event {
  readonly offer: IncomingShare;
  readonly error: ShareError;

  constructor(offer: IncomingShare, error: ShareError) {
    super('importfailed');
    this.offer = offer;
    this.error = error;
  }
}

/** The events of `NearbyShare` (and `PageShare`) by type. */
export interface ShareEventMap {
  offer: ShareOfferEvent;
  progress: ShareProgressEvent;
  import: ImportEvent;
  importfailed: ImportFailedEvent;
  change: Event;
}

type Listener = Parameters<EventTarget['addEventListener']>[1];
type ListenerOptions = Parameters<EventTarget['addEventListener']>[2];

/** An EventTarget whose `addEventListener` knows {@link ShareEventMap}: the base of `NearbyShare` and `PageShare`. */
export class ShareEventTarget extends EventTarget {
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
}
