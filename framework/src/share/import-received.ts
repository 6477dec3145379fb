import type { PushOffer, ReceivedPush } from '@offgrid/sync';
import type { Workspace } from '../workspace/workspace.ts';
import type { Imported, IncomingShare } from './share-types.ts';
import { DOCUMENT_MEDIA_TYPE, mergeDocument } from './shared-document.ts';

/** An offer as the app sees it: a document when it travels under {@link DOCUMENT_MEDIA_TYPE}, else a file. */
export function describeOffer(offer: PushOffer): IncomingShare {
  const { transferId, from, name, mediaType, totalBytes, sha256 } = offer;
  const kind = mediaType === DOCUMENT_MEDIA_TYPE ? 'document' : 'file';
  return { transferId, from, kind, name, mediaType, totalBytes, sha256 };
}

/**
 * Takes a finished receipt in: a document is merged into the workspace document `as` (default: the sender's
 * name), a file is read into bytes or handed to `saveFile`. Throws `ShareError` `bad-document` for a document
 * Yjs cannot read; the caller discards the stored chunks either way.
 */
export async function importReceived(
  workspace: Workspace,
  received: ReceivedPush,
  as: string | undefined,
  saveFile: ((received: ReceivedPush) => Promise<string>) | undefined,
): Promise<Imported> {
  const { transferId, from, kind, name, mediaType, sha256 } = describeOffer(received.offer);
  if (kind === 'document') {
    const target = as ?? name;
    await mergeDocument(workspace, target, await received.bytes());
    return { kind, transferId, from, name: target, sentAs: name };
  }
  const saved = saveFile ? { path: await saveFile(received) } : { bytes: await received.bytes() };
  return { kind, transferId, from, name, mediaType, sha256, ...saved };
}

/** Ended entries kept in the snapshot, per direction, so a UI can show "received" for a while. */
const KEEP_ENDED = 32;

/** Drops the oldest ended entries of `map` (insertion order) beyond {@link KEEP_ENDED}. */
export function trimEnded<K, V>(map: Map<K, V>, ended: (value: V) => boolean): void {
  let excess = [...map.values()].filter(ended).length - KEEP_ENDED;
  for (const [key, value] of map) {
    if (excess <= 0) return;
    if (ended(value)) {
      map.delete(key);
      excess--;
    }
  }
}
