import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { unzipSync } from 'fflate';
import * as Y from 'yjs';
import { SurveyError } from '../errors.ts';
import { exportDocuments } from '../export/export-documents.ts';
import { formFromSheets } from '../xlsform/form-from-sheets.ts';
import { publishForm } from './form-doc.ts';
import {
  loadPhoto,
  type PhotoBlobs,
  photoBlobHash,
  photoExtension,
  photoSource,
  savePhoto,
  watchPhotoHashes,
} from './media-blobs.ts';
import { MAX_PHOTO_BYTES, readPhoto, writePhoto } from './media-docs.ts';
import { SubmissionStore } from './submission-store.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A blob store as the framework's, in a map (the field survey does not depend on the framework). */
function mapBlobs(): PhotoBlobs & { map: Map<string, Uint8Array> } {
  const map = new Map<string, Uint8Array>();
  return {
    map,
    put: async (bytes) => {
      map.set(sha256(bytes), bytes.slice());
      return sha256(bytes);
    },
    get: async (hash) => map.get(hash),
  };
}

const jpeg = (size: number, seed: number) => {
  const bytes = new Uint8Array(size).map((_, i) => (i * 17 + seed) & 0xff);
  bytes.set([0xff, 0xd8, 0xff], 0);
  return bytes;
};

const form = formFromSheets([
  {
    name: 'survey',
    header: ['type', 'name', 'label'],
    rows: [
      { row: 2, cells: { type: 'text', name: 'name', label: 'name' } },
      { row: 3, cells: { type: 'image', name: 'photo', label: 'photo' } },
    ],
  },
  {
    name: 'settings',
    header: ['form_id', 'version'],
    rows: [{ row: 2, cells: { form_id: 'f', version: '1' } }],
  },
]);

describe('photos as blobs', () => {
  it('savePhoto names a photo <sha256>.<ext>; loadPhoto reads it back, and older names from media documents', async () => {
    const blobs = mapBlobs();
    const photo = jpeg(5000, 1);
    const name = await savePhoto(blobs, photo);
    assert.equal(name, `${sha256(photo)}.jpg`);
    assert.equal(photoBlobHash(name), sha256(photo));
    assert.deepEqual(await loadPhoto(blobs, name), photo);
    assert.equal(await loadPhoto(blobs, `${sha256(jpeg(10, 2))}.jpg`), undefined, 'not here (yet)');
    const legacyDoc = new Y.Doc();
    writePhoto(legacyDoc, new Uint8Array([1, 2, 3]));
    const legacy = (fileName: string) => (fileName === 'old.jpg' ? readPhoto(legacyDoc) : undefined);
    assert.deepEqual(await loadPhoto(blobs, 'old.jpg', legacy), new Uint8Array([1, 2, 3]));
    assert.equal(photoBlobHash('old.jpg'), undefined);
    assert.equal(photoBlobHash(`${sha256(photo).toUpperCase()}.jpg`), undefined);
    assert.equal(photoExtension(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0])), 'png');
    assert.equal(photoExtension(new Uint8Array([1, 2, 3])), 'bin');
    await assert.rejects(
      savePhoto(blobs, new Uint8Array(MAX_PHOTO_BYTES + 1)),
      (error: unknown) => error instanceof SurveyError && error.code === 'photo-too-large',
    );
    assert.equal(blobs.map.size, 1, 'nothing stored over the limit');
  });

  it('watchPhotoHashes names the photos of stored and of newly synced submissions; the zip has them byte-identical', async () => {
    const blobs = mapBlobs();
    const device = new Y.Doc();
    const store = new SubmissionStore(device, { author: { device: 'a', person: 'Awa' } });
    const photos = [jpeg(20_000, 3), jpeg(30_000, 4), jpeg(40_000, 5)];
    const names = await Promise.all(photos.map((photo) => savePhoto(blobs, photo)));
    store.create({ formId: 'f', formVersion: '1' }, { name: 'one', photo: names[0] as string }, 's1');
    const seen: string[][] = [];
    const stop = watchPhotoHashes([device], (hashes) => seen.push(hashes.sort()));
    assert.deepEqual(seen, [[sha256(photos[0] as Uint8Array)]], 'what is stored, at once');
    store.create({ formId: 'f', formVersion: '1' }, { name: 'two' }, 's2');
    store.set('s2', 'photo', names[1] as string);
    // From a peer: another device's submission arrives as an update.
    const peer = new Y.Doc();
    new SubmissionStore(peer, { author: { device: 'b', person: 'Bo' } }).create(
      { formId: 'f', formVersion: '1' },
      { name: 'three', photo: names[2] as string },
      's3',
    );
    Y.applyUpdate(device, Y.encodeStateAsUpdate(peer));
    stop();
    const all = new Set(seen.flat());
    assert.deepEqual([...all].sort(), photos.map(sha256).sort());

    const formDoc = new Y.Doc();
    publishForm(formDoc, form);
    const result = await exportDocuments('zip', 'f', formDoc, [device], photoSource(blobs));
    assert.equal(result.format, 'zip');
    if (result.format !== 'zip') return;
    const entries = unzipSync(result.zip.bytes);
    for (const [i, name] of names.entries()) {
      assert.equal(sha256(entries[`media/${name}`] as Uint8Array), sha256(photos[i] as Uint8Array));
    }
    assert.equal(entries['missing-media.txt'], undefined);
  });
});
