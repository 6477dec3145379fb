import * as Y from 'yjs';
import type { Workspace } from '../workspace/workspace.ts';
import { ShareError } from './share-error.ts';

/**
 * The media type a shared document travels under: the content is `Y.encodeStateAsUpdate` of the document. Any
 * other media type is a file.
 */
export const DOCUMENT_MEDIA_TYPE = 'application/vnd.offgrid.yjs-update';

/** Marks transactions that merge an imported document (so an app can tell them from typing). */
export const IMPORT_ORIGIN = Symbol('offgrid-import');

const MAX_NAME_LENGTH = 1024;

/** The whole state of a workspace document, once its stored content is loaded. */
export async function encodeDocument(workspace: Workspace, name: string): Promise<Uint8Array> {
  await workspace.whenLoaded(name);
  return Y.encodeStateAsUpdate(workspace.doc(name));
}

/**
 * Merges a received document state into the workspace document `name` (created if new). The bytes are remote
 * input: they are applied to a scratch document first, so a malformed update fails here with `bad-document`
 * and never reaches the workspace. Merging into an existing document is a CRDT merge: nothing of either side is
 * lost, and importing the same state twice changes nothing.
 */
export async function mergeDocument(workspace: Workspace, name: string, update: Uint8Array): Promise<void> {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH)
    throw new ShareError(
      'bad-document',
      `cannot store a document named ${JSON.stringify(name.slice(0, 40))}`,
    );
  const scratch = new Y.Doc();
  try {
    Y.applyUpdate(scratch, update);
  } catch (error) {
    throw new ShareError('bad-document', 'the shared document is not a Yjs update', { cause: error });
  } finally {
    scratch.destroy();
  }
  await workspace.whenLoaded(name);
  Y.applyUpdate(workspace.doc(name), update, IMPORT_ORIGIN);
  await workspace.whenSaved();
}
