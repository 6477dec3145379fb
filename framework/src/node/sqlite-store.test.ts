import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import * as Y from 'yjs';
import { StoreError } from '../store/document-store.ts';
import { compactDocument } from '../store/merge-stored.ts';
import { openWorkspace } from '../workspace/workspace.ts';
import { SqliteDocumentStore } from './sqlite-store.ts';
import { saveThenKill } from './testing/save-then-kill.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'offgrid-sqlite-'));
});
after(() => rm(dir, { recursive: true, force: true }));

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);

describe('SqliteDocumentStore', () => {
  it('appends, loads in order, lists, and replaces a prefix atomically', async () => {
    const store = new SqliteDocumentStore(join(dir, 'basic.db'));
    await Promise.all([
      store.append('a', bytes('1')),
      store.append('a', bytes('2')),
      store.append('b', bytes('x')),
    ]);
    const loaded = await store.load('a');
    assert.deepEqual(loaded.updates.map(text), ['1', '2']);
    await store.append('a', bytes('3'));
    await store.replace('a', loaded.through, bytes('1+2'));
    assert.deepEqual((await store.load('a')).updates.map(text).sort(), ['1+2', '3']);
    assert.deepEqual(await store.list(), ['a', 'b']);
    assert.deepEqual(await store.load('none'), { updates: [], through: 0 });
    await store.close();
    await assert.rejects(
      store.append('a', bytes('4')),
      (e: unknown) => e instanceof StoreError && e.code === 'closed',
    );
  });

  it('reads a log in one row, byte for byte and in order: every byte value, an empty update, other documents between', async () => {
    const store = new SqliteDocumentStore(join(dir, 'packed.db'));
    const every = Uint8Array.from({ length: 256 }, (_, i) => i);
    const written = [
      every,
      new Uint8Array(0),
      Uint8Array.of(0, 0, 0),
      Uint8Array.of(0xff, 0xfe, 0xc3),
      bytes('é'),
    ];
    for (const update of written)
      await Promise.all([store.append('a', update), store.append('b', bytes('other'))]);
    const loaded = await store.load('a');
    assert.ok(loaded.packed, 'read in one row');
    assert.equal(loaded.packed.count, written.length);
    assert.deepEqual(loaded.updates, written);
    assert.equal(loaded.through, 9, 'the seq of the last row of a');
    await store.close();
  });

  it('reads row by row from a database that is not UTF-8 (blob to text and back would change bytes)', async () => {
    const path = join(dir, 'utf16.db');
    const raw = new DatabaseSync(path);
    raw.exec("PRAGMA encoding = 'UTF-16le'");
    raw.exec('CREATE TABLE first (x)'); // the encoding is fixed once the first table exists
    raw.close();
    const store = new SqliteDocumentStore(path);
    const written = [Uint8Array.of(0xd8, 0x00, 0x41), Uint8Array.of(0xff)];
    for (const update of written) await store.append('a', update);
    const loaded = await store.load('a');
    assert.equal(loaded.packed, undefined);
    assert.deepEqual(loaded.updates, written);
    assert.equal(loaded.through, 2);
    await store.close();
  });

  it('opens a long log written by two devices sharing the file, compacted while they typed', async () => {
    const path = join(dir, 'shared-log.db');
    const store = new SqliteDocumentStore(path);
    const [a, b] = [new Y.Doc(), new Y.Doc()];
    const saves: Promise<void>[] = [];
    for (const doc of [a, b]) doc.on('update', (update: Uint8Array) => saves.push(store.append('n', update)));
    for (let i = 0; i < 3000; i++) {
      const text = (i % 7 === 0 ? b : a).getText('body');
      if (i % 5 === 4) text.delete(Math.floor(text.length / 2), 1);
      else text.insert(i % 3 === 0 ? 0 : text.length, i % 11 === 0 ? '😀' : 'k');
      if (i % 100 === 0) {
        // both devices store what they receive too: the log holds every update twice
        Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
        Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
      }
      if (i === 1500) {
        const compacting = compactDocument(store, 'n'); // appends made meanwhile land after its merged row
        a.getText('body').insert(0, 'meanwhile');
        await compacting;
      }
    }
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
    await Promise.all(saves);
    await store.close();
    const workspace = openWorkspace({
      appId: 'notes',
      store: new SqliteDocumentStore(path),
      compactAfter: Infinity,
    });
    await workspace.whenLoaded('n');
    assert.equal(workspace.doc('n').getText('body').toString(), a.getText('body').toString());
    await workspace.close();
  });

  it('keeps small values beside the documents, across a reopen, without listing them', async () => {
    const path = join(dir, 'meta.db');
    const store = new SqliteDocumentStore(path);
    assert.equal(await store.readMeta('server:a'), undefined);
    await store.writeMeta('server:a', 'one');
    await store.writeMeta('server:a', 'two');
    await store.append('a', bytes('1'));
    await store.close();
    const again = new SqliteDocumentStore(path);
    assert.equal(await again.readMeta('server:a'), 'two');
    assert.deepEqual(await again.list(), ['a']);
    await again.close();
  });

  it('rejects bad document names with a typed error', async () => {
    const store = new SqliteDocumentStore(join(dir, 'names.db'));
    await assert.rejects(
      store.append('', bytes('1')),
      (e: unknown) => e instanceof StoreError && e.code === 'invalid-name',
    );
    await store.close();
  });

  it('keeps every append reported durable when the process is killed with SIGKILL right after (20 runs)', async () => {
    const path = join(dir, 'kill.db');
    for (let run = 0; run < 20; run++) await saveThenKill('store', path, `v${run}`);
    const store = new SqliteDocumentStore(path);
    const { updates } = await store.load('notes');
    assert.deepEqual(
      updates.map(text),
      Array.from({ length: 20 }, (_, run) => `v${run}`),
    );
    await store.close();
  });
});
