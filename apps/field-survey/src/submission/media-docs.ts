/**
 * Photos of the first version (names such as `dwelling-12.jpg`, still read for old data; new photos are blobs,
 * `media-blobs.ts`): a photo is the document
 * `survey/<formId>/media/<file name>`, holding its bytes in `getMap('file').get('bytes')`. It syncs and is stored
 * durably like any document; exports read it by the name the submission holds. Portable.
 */
import type * as Y from 'yjs';

/** Largest photo accepted into a media document. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

export function mediaDocName(formId: string, fileName: string): string {
  return `survey/${formId}/media/${fileName}`;
}

export function writePhoto(doc: Y.Doc, bytes: Uint8Array): void {
  if (bytes.byteLength > MAX_PHOTO_BYTES) throw new RangeError(`photo over ${MAX_PHOTO_BYTES} bytes`);
  doc.getMap('file').set('bytes', bytes);
}

export function readPhoto(doc: Y.Doc): Uint8Array | undefined {
  const bytes = doc.getMap('file').get('bytes');
  return bytes instanceof Uint8Array ? bytes : undefined;
}
