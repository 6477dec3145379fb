/**
 * The one control message of blob sync, carried as a group-push message (group {@link WANT_GROUP}): the blobs
 * this device references and lacks. JSON `{"t":"offgrid/blob-want","v":1,"n":"<nonce>","want":["<sha256>",…]}`.
 * The nonce makes each message distinct content (group push refuses the same content twice at once). Bounded:
 * at most {@link MAX_WANTS} names, {@link MAX_WANT_BYTES} bytes; anything else is a `BlobSyncError`.
 */
import { isBlobHash } from './blob-store.ts';
import { BlobSyncError } from './blob-sync-error.ts';

export const WANT_GROUP = 'offgrid/blob-want';
/** Group of the pushes that carry blobs; the push's name is the blob's hash. */
export const BLOB_GROUP = 'offgrid/blob';
export const MAX_WANTS = 512;
export const MAX_WANT_BYTES = 64 * 1024;

export function encodeWant(want: readonly string[], nonce: string): string {
  return JSON.stringify({ t: WANT_GROUP, v: 1, n: nonce, want: want.slice(0, MAX_WANTS) });
}

export function decodeWant(text: string): string[] {
  if (text.length > MAX_WANT_BYTES) throw new BlobSyncError('bad-want', 'want message too large');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new BlobSyncError('bad-want', 'want message is not JSON', { cause });
  }
  const message = value as { t?: unknown; v?: unknown; want?: unknown };
  if (typeof value !== 'object' || value === null || message.t !== WANT_GROUP || message.v !== 1)
    throw new BlobSyncError('bad-want', 'not a blob want message');
  const want = message.want;
  if (!Array.isArray(want) || want.length > MAX_WANTS || !want.every(isBlobHash))
    throw new BlobSyncError('bad-want', `want must be at most ${MAX_WANTS} SHA-256 names`);
  return want;
}
