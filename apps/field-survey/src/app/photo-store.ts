/**
 * The one place the pages keep photos: content-addressed blobs (`submission/media-blobs.ts`, docs/field-survey.md
 * "Photos"). A new photo goes to the page's blobs (`appBlobs` of the framework: durable in the page, then handed
 * to the agent, which shares it with the team and uploads it); its file name is `<sha256>.<ext>`. Photos stored
 * before blobs, as media documents named `<32 hex>.<ext>`, are still read from those documents. Portable.
 */
import type * as Y from 'yjs';
import { loadPhoto, type PhotoBlobs, savePhoto } from '../submission/media-blobs.ts';
import { mediaDocName, readPhoto } from '../submission/media-docs.ts';

/** What the page needs of a workspace to read the older photos. */
export interface DocumentSource {
  doc(name: string): Y.Doc;
  whenLoaded(name: string): Promise<void>;
}

export interface PhotoStore {
  /** Keeps the photo (durable when this resolves); resolves with the file name the submission records. */
  savePhoto(bytes: Uint8Array, type: string): Promise<string>;
  /** The photo's bytes, or undefined when this device does not have them (yet). */
  loadPhoto(fileName: string): Promise<Uint8Array | undefined>;
}

/**
 * Photos of form `formId` over the page's `blobs`. The `type` given by the camera is not trusted: the extension
 * is sniffed from the bytes.
 */
export function photoStore(workspace: DocumentSource, formId: string, blobs: PhotoBlobs): PhotoStore {
  const legacy = async (fileName: string): Promise<Uint8Array | undefined> => {
    const docName = mediaDocName(formId, fileName);
    await workspace.whenLoaded(docName);
    return readPhoto(workspace.doc(docName));
  };
  return {
    savePhoto: (bytes) => savePhoto(blobs, bytes),
    loadPhoto: (fileName) => loadPhoto(blobs, fileName, legacy),
  };
}
