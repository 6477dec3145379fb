/** Share to nearby / import from nearby: documents and files over the group push (docs/framework.md). */
export { NearbyShare, type NearbyShareOptions } from './nearby-share.ts';
export { ShareError, type ShareErrorCode } from './share-error.ts';
export {
  ImportEvent,
  ImportFailedEvent,
  type ShareEventMap,
  ShareOfferEvent,
  ShareProgressEvent,
} from './share-events.ts';
export type * from './share-types.ts';
export { DOCUMENT_MEDIA_TYPE, IMPORT_ORIGIN } from './shared-document.ts';
