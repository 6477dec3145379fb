import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import * as Y from 'yjs';
import { SqliteStore } from './sqlite-store.ts';
import { serveFiles } from './testing/temp-files.ts';

function textOf(update: Uint8Array | null): string {
  const doc = new Y.Doc();
  if (update) Y.applyUpdate(doc, update);
  return doc.getText('t').toString();
}

/** A document typed into, with each change's update collected. */
function typed(...words: string[]): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (const word of words) doc.getText('t').insert(doc.getText('t').length, word);
  return { doc, updates };
}

describe('SqliteStore', () => {
  const files = serveFiles([]);
  after(() => files.remove());

  it('uses WAL with synchronous FULL, and appends survive reopening', async () => {
    const path = `${files.dir}/a.sqlite`;
    const store = new SqliteStore(path);
    assert.deepEqual(store.settings(), { journalMode: 'wal', synchronous: 2 });
    const { updates } = typed('a', 'b', 'c');
    await Promise.all(updates.map((u) => store.append('d', u)));
    assert.equal(store.pendingUpdates('d'), 3);
    store.close();
    const again = new SqliteStore(path);
    assert.equal(textOf(again.load('d')), 'abc');
    assert.equal(again.pendingUpdates('d'), 0, 'loading compacted them');
    again.close();
  });

  it('compaction keeps what another process appended meanwhile', async () => {
    const path = `${files.dir}/b.sqlite`;
    const mine = new SqliteStore(path);
    const theirs = new SqliteStore(path);
    const a = typed('mine ');
    const b = typed('theirs');
    await mine.append('d', a.updates[0] as Uint8Array);
    await theirs.append('d', b.updates[0] as Uint8Array);
    mine.compact('d', Y.encodeStateAsUpdate(a.doc));
    const text = textOf(mine.load('d'));
    assert.ok(text.includes('mine ') && text.includes('theirs'), text);
    mine.close();
    theirs.close();
  });

  it('skips a stored update that does not apply, and loads the rest', async () => {
    const store = new SqliteStore(`${files.dir}/c.sqlite`);
    const logged: string[] = [];
    const { updates } = typed('good');
    await store.append('d', updates[0] as Uint8Array);
    await store.append('d', new Uint8Array([1, 200, 3, 4, 5]));
    assert.equal(textOf(store.load('d', (m) => logged.push(m))), 'good');
    assert.match(logged.join('\n'), /does not apply, skipped/);
    store.close();
  });

  it('rejects appends once closed, instead of throwing later', async () => {
    const store = new SqliteStore(`${files.dir}/d.sqlite`);
    const pending = store.append('d', typed('x').updates[0] as Uint8Array);
    store.close();
    await pending; // flushed by close
    await assert.rejects(store.append('d', typed('y').updates[0] as Uint8Array), { code: 'storage-failed' });
  });
});
