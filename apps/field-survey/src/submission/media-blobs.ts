/**
 * Photos as content-addressed blobs (docs/field-survey.md, "Photos"): a photo field holds `<sha256>.<ext>`, the
 * SHA-256 of the bytes in lowercase hex and an extension sniffed from them (`jpg`, `png`, `webp`, `gif`, else
 * `bin`). The bytes live in the framework's blob store (`WorkspaceBlobs` on a device, the `blobs` table on the
 * server); exports write them under that same file name, so the CSV and `media/` agree. Older names
 * (`dwelling-12.jpg`) are still read from their media documents (`media-docs.ts`). Portable.
 */
import type * as Y from 'yjs';
import { SurveyError } from '../errors.ts';
import type { PhotoSource } from '../export/zip-export.ts';
import { MAX_PHOTO_BYTES } from './media-docs.ts';

/** What photos need of a blob store; the framework's `WorkspaceBlobs` and `BlobStore` fit. */
export interface PhotoBlobs {
  put(bytes: Uint8Array): Promise<string>;
  get(hash: string): Promise<Uint8Array | undefined>;
}

/** Reads a photo stored the old way (a media document), by its file name. */
export type LegacyPhotos = (fileName: string) => Uint8Array | undefined | Promise<Uint8Array | undefined>;

const PHOTO_NAME = /^([0-9a-f]{64})\.(jpg|png|webp|gif|bin)$/;

/** The blob hash a photo file name names, or `undefined` for a name of the media-document kind. */
export function photoBlobHash(fileName: string): string | undefined {
  return PHOTO_NAME.exec(fileName)?.[1];
}

/** `jpg`, `png`, `webp` or `gif` by the file's signature; `bin` when none matches. */
export function photoExtension(bytes: Uint8Array): string {
  const at = (i: number, ...values: number[]) => values.every((v, k) => bytes[i + k] === v);
  if (at(0, 0xff, 0xd8, 0xff)) return 'jpg';
  if (at(0, 0x89, 0x50, 0x4e, 0x47)) return 'png';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'webp';
  if (at(0, 0x47, 0x49, 0x46, 0x38)) return 'gif';
  return 'bin';
}

/**
 * Stores a photo in the device's blob store (durable when this resolves; shared with the team and uploaded by
 * the framework) and returns the file name to put in the photo field. Over {@link MAX_PHOTO_BYTES}:
 * `SurveyError` `photo-too-large`, nothing stored.
 *
 * @example
 * ```ts
 * const fileName = await savePhoto(blobs, new Uint8Array(await file.arrayBuffer()));
 * submissions.edit(id, { dwelling_photo: fileName });
 * ```
 */
export async function savePhoto(blobs: PhotoBlobs, bytes: Uint8Array): Promise<string> {
  if (bytes.byteLength > MAX_PHOTO_BYTES)
    throw new SurveyError('photo-too-large', `a photo is at most ${MAX_PHOTO_BYTES} bytes`);
  const hash = await blobs.put(bytes);
  return `${hash}.${photoExtension(bytes)}`;
}

/**
 * A photo's bytes by the file name in a photo field: from the blob store, or (an older name) from `legacy`.
 * `undefined` while this device does not have it yet (it is fetched from peers in the background).
 */
export async function loadPhoto(
  blobs: Pick<PhotoBlobs, 'get'>,
  fileName: string,
  legacy?: LegacyPhotos,
): Promise<Uint8Array | undefined> {
  const hash = photoBlobHash(fileName);
  if (hash !== undefined) return blobs.get(hash);
  return legacy?.(fileName);
}

/** The export's photo source over a blob store (and the media documents for older names). */
export function photoSource(blobs: Pick<PhotoBlobs, 'get'>, legacy?: LegacyPhotos): PhotoSource {
  return (name) => loadPhoto(blobs, name, legacy);
}

/** Every blob hash named by a photo value in these submission shard documents. */
export function photoHashes(shards: Iterable<Y.Doc>): Set<string> {
  const hashes = new Set<string>();
  for (const shard of shards)
    for (const submission of shard.getMap('submissions').values()) scan(submission, hashes);
  return hashes;
}

/**
 * Calls `onHashes` with the photo blobs the shards name now, then with those named by every change (local or
 * from a peer): what a device hands to `WorkspaceBlobs.reference`. Any string value shaped `<sha256>.<ext>`
 * counts. Returns a function that stops watching.
 */
export function watchPhotoHashes(shards: readonly Y.Doc[], onHashes: (hashes: string[]) => void): () => void {
  const stops = shards.map((shard) => {
    const submissions = shard.getMap('submissions');
    const changed = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>): void => {
      const hashes = new Set<string>();
      for (const event of events) {
        if (event.target === submissions) {
          for (const key of event.keys.keys()) scan(submissions.get(key), hashes);
        } else scan(event.target, hashes);
      }
      if (hashes.size > 0) onHashes([...hashes]);
    };
    submissions.observeDeep(changed);
    return () => submissions.unobserveDeep(changed);
  });
  const now = photoHashes(shards);
  if (now.size > 0) onHashes([...now]);
  return () => {
    for (const stop of stops) stop();
  };
}

/** Photo hashes in one submission's map of edit records (`{ s: { field: value } }`). */
function scan(submission: unknown, into: Set<string>): void {
  if (submission === null || typeof submission !== 'object' || !('values' in submission)) return;
  for (const record of (submission as Y.Map<unknown>).values()) {
    const set = (record as { s?: unknown } | null)?.s;
    if (set === null || typeof set !== 'object') continue;
    for (const value of Object.values(set)) {
      const hash = typeof value === 'string' ? photoBlobHash(value) : undefined;
      if (hash !== undefined) into.add(hash);
    }
  }
}

/** A submission shard's document name: `survey/<formId>/submissions/<shard>` (`submission-docs.ts`). */
const SHARD_DOC = /^survey\/.+\/submissions\/[0-9a-f]+$/;

/** What {@link watchWorkspacePhotoHashes} needs of a framework `Workspace`: its hub's open documents. */
export interface OpenDocuments {
  readonly hub: EventTarget & {
    readonly documents: ReadonlyMap<string, { readonly name: string; readonly doc: Y.Doc }>;
  };
}

/**
 * {@link watchPhotoHashes} over every submission shard a workspace has open now or opens later (the agent's
 * replica opens them as pages and nearby agents offer them): the field survey's `WebApp.watchBlobReferences`.
 */
export function watchWorkspacePhotoHashes(
  workspace: OpenDocuments,
  onHashes: (hashes: string[]) => void,
): () => void {
  const stops = new Map<string, () => void>();
  const follow = (name: string, doc: Y.Doc): void => {
    if (SHARD_DOC.test(name) && !stops.has(name)) stops.set(name, watchPhotoHashes([doc], onHashes));
  };
  for (const [name, document] of workspace.hub.documents) follow(name, document.doc);
  const opened = (event: Event): void => {
    const { document } = event as Event & { document: { name: string; doc: Y.Doc } };
    follow(document.name, document.doc);
  };
  workspace.hub.addEventListener('open', opened);
  return () => {
    workspace.hub.removeEventListener('open', opened);
    for (const stop of stops.values()) stop();
    stops.clear();
  };
}
