import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { StoreError } from '../store/document-store.ts';
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
