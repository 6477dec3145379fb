/**
 * A data mule through the framework: workspaces A and B linked over a memory channel, only A configured with a
 * real `offgrid serve`. B's edit reaches the server through A's gateway, B's status shows the server confirmation
 * that A relayed, and after A restarts over the same SQLite store it uploads nothing the server already has.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { type ServeProcess, serveFiles, startServeProcess } from '@offgrid/server/testing';
import { createMemoryChannelPair } from '@offgrid/sync';
import { MemoryDocumentStore } from '../store/memory-store.ts';
import type { DocumentStatus, WorkspaceStatus } from '../workspace/status.ts';
import { statusUntil } from '../workspace/testing/status-until.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { openWorkspace } from './open-workspace.ts';
import { SqliteDocumentStore } from './sqlite-store.ts';

const files = serveFiles([{ token: 'team-token', access: 'read-write', prefixes: ['notes/'] }]);
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'offgrid-gateway-peer-'));
});
after(async () => {
  files.remove();
  await rm(dir, { recursive: true, force: true });
});

const of = (status: WorkspaceStatus, name: string) =>
  status.documents.find((document) => document.name === name) as DocumentStatus;
const text = (workspace: Workspace, name: string) => workspace.doc(name).getText('body').toString();
const NAMES = ['notes/from-a', 'notes/from-b'];

it("carries B's edit to the server through A, shows B the confirmation, and re-sends nothing after A restarts", async () => {
  const server: ServeProcess = await startServeProcess([
    '--port',
    '0',
    '--data',
    files.data,
    '--tokens',
    files.tokens,
  ]);
  const path = join(dir, 'a.db');
  const serverOption = { url: server.url, token: 'team-token' };
  let a = openWorkspace({ appId: 'notes', store: new SqliteDocumentStore(path), server: serverOption });
  const b = openWorkspace({ appId: 'notes', store: new MemoryDocumentStore() });
  const reader = openWorkspace({ appId: 'notes', store: new MemoryDocumentStore(), server: serverOption });
  try {
    await Promise.all(NAMES.flatMap((name) => [a.whenLoaded(name), b.whenLoaded(name)]));
    const [x, y] = createMemoryChannelPair();
    a.attach(x, { peerId: 'b' });
    b.attach(y, { peerId: 'a' });
    assert.equal(b.status().connectivity, 'nearby only');
    a.doc('notes/from-a').getText('body').insert(0, 'from A');
    b.doc('notes/from-b').getText('body').insert(0, 'from B');
    const pending = of(b.status(), 'notes/from-b').notOnServer;
    assert.equal(pending.count, 1, 'B counts its edit as not yet on the server');

    // B never talks to the server, yet learns that its edit is there.
    const confirmed = await statusUntil(b, (s) =>
      NAMES.every(
        (name) => of(s, name).notOnServer.count === 0 && of(s, name).lastServerConfirmation !== null,
      ),
    );
    assert.equal(confirmed.connectivity, 'nearby only');
    assert.equal(a.gateway?.state, 'connected');
    assert.equal(of(a.status(), 'notes/from-b').lastServerConfirmation !== null, true);
    const confirmedAt = of(confirmed, 'notes/from-b').lastServerConfirmation as number;
    assert.ok(Math.abs(Date.now() - confirmedAt) < 15_000, 'the confirmation time is the gateway clock');

    // The server really holds B's edit: a third device reading only from the server gets it.
    await Promise.all(NAMES.map((name) => reader.whenLoaded(name)));
    await statusUntil(
      reader,
      () => text(reader, 'notes/from-b') === 'from B' && text(reader, 'notes/from-a') === 'from A',
    );
    const uploaded = a.gateway?.counts.updateBytesSent ?? 0;
    assert.ok(uploaded > 0, 'A uploaded the edits');

    // A restarts over the same store: the confirmation is remembered, and nothing is uploaded again.
    await a.whenSaved();
    const before = a.status();
    await a.close();
    // Offline first (no server configured): the store alone says what the server holds.
    const offline = openWorkspace({ appId: 'notes', store: new SqliteDocumentStore(path) });
    try {
      await Promise.all(NAMES.map((name) => offline.whenLoaded(name)));
      const remembered = await statusUntil(offline, (s) =>
        NAMES.every((name) => of(s, name).lastServerConfirmation !== null),
      );
      for (const name of NAMES)
        assert.equal(of(remembered, name).lastServerConfirmation, of(before, name).lastServerConfirmation);
    } finally {
      await offline.close();
    }
    a = openWorkspace({ appId: 'notes', store: new SqliteDocumentStore(path), server: serverOption });
    await Promise.all(NAMES.map((name) => a.whenLoaded(name)));
    const reconciled = await statusUntil(
      a,
      (s) =>
        s.connectivity === 'online' &&
        NAMES.every(
          (name) =>
            (of(s, name).lastServerConfirmation as number) >
            (of(before, name).lastServerConfirmation as number),
        ),
    );
    assert.deepEqual(
      reconciled.documents.map((document) => document.notOnServer.count),
      [0, 0],
    );
    // One step 2 per document, each the empty Yjs update (no structs, no deletions): 2 bytes.
    const resent = a.gateway?.counts.updateBytesSent;
    assert.equal(resent, NAMES.length * 2, `A re-sent ${resent} update bytes (first upload: ${uploaded})`);
    assert.equal(text(a, 'notes/from-b'), 'from B');
  } finally {
    await Promise.all([a.close(), b.close(), reader.close()]);
    await server.kill9();
  }
});
