import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SqliteDocumentStore } from '../../node/sqlite-store.ts';
import { blobStoreConformance, photoBytes, sha256Hex } from '../testing/blob-store-conformance.ts';
import { SqliteBlobStore } from './sqlite-blob-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'offgrid-blobs-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

blobStoreConformance(
  'SqliteBlobStore',
  (maxBytes) => new SqliteBlobStore(join(dir, `c${files++}.db`), { maxBytes }),
);

describe('SqliteBlobStore on disk', () => {
  it('keeps blobs across a reopen, in the file of a document store too', async () => {
    const path = join(dir, 'shared.db');
    const documents = new SqliteDocumentStore(path);
    await documents.append('doc', new Uint8Array([1, 2, 3]));
    const blobs = new SqliteBlobStore(path);
    const photo = photoBytes(3 * 1024 * 1024, 9);
    const hash = await blobs.put(photo);
    await blobs.close();
    await documents.close();

    const reopened = new SqliteBlobStore(path);
    assert.equal(sha256Hex((await reopened.get(hash)) as Uint8Array), hash);
    assert.deepEqual(await reopened.list(), [hash]);
    await reopened.close();
    const documentsAgain = new SqliteDocumentStore(path);
    assert.deepEqual(await documentsAgain.list(), ['doc']);
    await documentsAgain.close();
  });
});
