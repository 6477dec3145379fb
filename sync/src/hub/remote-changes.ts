import * as Y from 'yjs';
import { SyncProtocolError } from '../errors/sync-protocol-error.ts';
import type { LinkDoc } from './link-doc.ts';
import { checkUpdate, hasPending } from './update-check.ts';

/**
 * Applies a step 2 or update from a peer, as its access allows: `applied`; `harmless` (a reader's step 2 with
 * nothing new, acknowledged as Hocuspocus does); `refused` (a reader's change: the document is untouched).
 * Throws {@link SyncProtocolError} for an update that does not decode or would leave structures pending; the
 * document is then untouched too.
 */
export function applyRemoteChanges(
  linkDoc: LinkDoc,
  update: Uint8Array,
  kind: 'sync-step2' | 'update',
): 'applied' | 'harmless' | 'refused' {
  const { doc } = linkDoc.document;
  if (linkDoc.access !== 'write') {
    // Hocuspocus MessageReceiver (readOnly): a step 2 the document already contains is fine, an update never.
    return kind === 'sync-step2' && containsUpdate(doc, update) ? 'harmless' : 'refused';
  }
  checkUpdate(doc, update);
  const pendingBefore = hasPending(doc);
  try {
    Y.applyUpdate(doc, update, linkDoc);
  } catch (cause) {
    throw new SyncProtocolError('invalid-update', 'Yjs could not apply the update', { cause });
  }
  if (!pendingBefore && hasPending(doc)) {
    throw new SyncProtocolError('missing-structures', 'the update left structures pending');
  }
  return 'applied';
}

function containsUpdate(doc: Y.Doc, update: Uint8Array): boolean {
  try {
    return Y.snapshotContainsUpdate(Y.snapshot(doc), update);
  } catch {
    return false;
  }
}
