/**
 * The one place photos are kept, so the switch to content-addressed blobs (group push, upload by hash) changes
 * only this file. Today a photo is a media document (`submission/media-docs.ts`); its file name is derived from
 * its bytes (SHA-256), so the same photo taken into two submissions is stored once, and the name already is the
 * hash the blob store will want. Portable.
 */
import type * as Y from 'yjs';
import { mediaDocName, readPhoto, writePhoto } from '../submission/media-docs.ts';

/** What the page needs of a workspace to keep photos. */
export interface DocumentSource {
  doc(name: string): Y.Doc;
  whenLoaded(name: string): Promise<void>;
}

export interface PhotoStore {
  /** Keeps the photo; resolves with the file name the submission records (`<sha256 hex 32>.<ext>`). */
  savePhoto(bytes: Uint8Array, type: string): Promise<string>;
  /** The photo's bytes, or undefined when this device does not have them (yet). */
  loadPhoto(fileName: string): Promise<Uint8Array | undefined>;
}

const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/heic': 'heic',
};

export function photoStore(workspace: DocumentSource, formId: string): PhotoStore {
  return {
    async savePhoto(bytes, type) {
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
      const hex = [...digest.slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
      const name = `${hex}.${EXTENSIONS[type] ?? 'jpg'}`;
      const docName = mediaDocName(formId, name);
      await workspace.whenLoaded(docName);
      const doc = workspace.doc(docName);
      if (readPhoto(doc) === undefined) writePhoto(doc, bytes);
      return name;
    },
    async loadPhoto(fileName) {
      const docName = mediaDocName(formId, fileName);
      await workspace.whenLoaded(docName);
      return readPhoto(workspace.doc(docName));
    },
  };
}
