/**
 * A note shared with nearbyNoteSharing and accepted on the other side becomes a note there (two workspaces, the
 * push over a memory channel pair); an import this page did not accept, and files that are not Markdown text, make
 * no note.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { type ImportEvent, MemoryDocumentStore, NearbyShare, openWorkspace } from '@offgrid/framework';
import { createMemoryChannelPair } from '@offgrid/sync';
import { nodeWholeHash } from '@offgrid/sync/node';
import { NotesLibrary } from '../model/notes-library.ts';
import { nearbyNoteSharing } from './nearby-note-sharing.ts';
import { noteFile, receivedNote } from './note-file.ts';
import { SharedNoteImport } from './shared-note-import.ts';

const device = (id: string) => {
  const workspace = openWorkspace({ appId: 'notes', store: new MemoryDocumentStore() });
  return {
    workspace,
    library: new NotesLibrary(workspace),
    share: new NearbyShare(workspace, { id, wholeHash: nodeWholeHash }),
  };
};

it('an accepted note: a new note with the sender’s text, or the one this device has; none if accepted elsewhere', async () => {
  const [a, b] = [device('fingerprint-a'), device('fingerprint-b')];
  const [left, right] = createMemoryChannelPair();
  a.share.addPeer('fingerprint-b', left);
  b.share.addPeer('fingerprint-a', right);
  const opened: string[] = [];
  const notes = new SharedNoteImport(b.share, b.library, (id) => opened.push(id));
  let acceptHere = true;
  b.share.addEventListener('offer', ({ offer }) => {
    if (acceptHere) notes.accepted(offer.transferId);
    b.share.accept(offer.transferId);
  });
  const nextImport = () =>
    new Promise<ImportEvent>((resolve) =>
      b.share.addEventListener('import', (event) => resolve(event), { once: true }),
    );
  const sharing = nearbyNoteSharing(a.share);
  const send = async (text: string) => {
    const id = a.library.create();
    a.library.body(id).insert(0, text);
    await sharing.share(noteFile(id, a.library.title(id), text), ['fingerprint-b'], {
      signal: new AbortController().signal,
      onProgress: () => {},
    });
    return id;
  };

  // B does not have the note: a new note of B's own with A's text.
  const text = '# Site plan\nnorth gate, then the school';
  let imported = nextImport();
  const sent = await send(text);
  await imported;
  assert.equal(opened.length, 1);
  assert.equal(b.library.text(opened[0] as string), text);
  assert.equal(b.library.title(opened[0] as string), 'Site plan');
  assert.deepEqual(
    b.library.notes().map((note) => note.title),
    ['Site plan'],
  );
  assert.notEqual(opened[0], sent);

  // B has it already (as devices that sync the notes app do): opened, not copied.
  b.library.index.create(Date.now(), 'feedc0de-0000-4000-8000-000000000001');
  b.library.body('feedc0de-0000-4000-8000-000000000001').insert(0, '# Water points\nthe well');
  const sharingWith = (id: string, text: string) =>
    sharing.share(noteFile(id, 'Water points', text), ['fingerprint-b'], {
      signal: new AbortController().signal,
      onProgress: () => {},
    });
  imported = nextImport();
  await sharingWith('feedc0de-0000-4000-8000-000000000001', '# Water points\nthe well');
  await imported;
  assert.deepEqual(opened.slice(1), ['feedc0de-0000-4000-8000-000000000001']);
  assert.equal(b.library.notes().length, 2);
  assert.equal(b.library.text('feedc0de-0000-4000-8000-000000000001'), '# Water points\nthe well');

  // Accepted on another page of the app (this page hears the import too): no second copy here.
  acceptHere = false;
  imported = nextImport();
  await send(`${text}\nand the well`);
  await imported;
  assert.equal(b.library.notes().length, 2);
  assert.equal(opened.length, 2);

  notes.close();
  for (const side of [a, b]) {
    side.share.close();
    side.library.close();
    await side.workspace.close();
  }
});

it('only UTF-8 Markdown files under the limit are notes; the id only when it is a note id', () => {
  const file = (name: string, mediaType: string, bytes: Uint8Array) =>
    ({ kind: 'file', transferId: 't', from: 'f', name, mediaType, sha256: '', bytes }) as const;
  const utf8 = new TextEncoder().encode('# Hello');
  const id = '3f2a9c1e-0000-4000-8000-00000000abcd';
  assert.deepEqual(receivedNote(file('a.md', 'text/markdown', utf8)), { text: '# Hello' });
  assert.deepEqual(receivedNote(file('a.md', 'application/octet-stream', utf8)), { text: '# Hello' });
  assert.deepEqual(receivedNote(file('a', 'text/markdown; charset=utf-8', utf8)), { text: '# Hello' });
  assert.deepEqual(receivedNote(file('a', `Text/Markdown; offgrid-note=${id}`, utf8)), {
    text: '# Hello',
    id,
  });
  assert.deepEqual(receivedNote(file('a', 'text/markdown; offgrid-note=../index', utf8)), {
    text: '# Hello',
  });
  assert.equal(receivedNote(file('a.png', 'image/png', utf8)), undefined);
  assert.equal(receivedNote(file('a.md', 'text/markdown', new Uint8Array([0xff, 0xfe, 0x00]))), undefined);
  assert.equal(receivedNote(file('a.md', 'text/markdown', new Uint8Array(4 * 1024 * 1024 + 1))), undefined);
  assert.equal(
    receivedNote({ kind: 'document', transferId: 't', from: 'f', name: 'n', sentAs: 'n' } as never),
    undefined,
  );
});
