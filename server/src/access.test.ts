import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as Y from 'yjs';
import { SqliteStore } from './sqlite-store.ts';
import { frameType, isPermissionDenied, MessageType } from './testing/frames.ts';
import { connectClient, type TestClient, waitFor } from './testing/provider-client.ts';
import { type ServeProcess, startServeProcess } from './testing/serve-process.ts';
import { type GrantJson, type ServeFiles, serveFiles } from './testing/temp-files.ts';

const SECRET = 'the flood line at site 7';
const DOC = 'survey/2026-flood/site-7';
const writer: GrantJson = { token: 'writer', access: 'read-write', prefixes: ['survey/2026-flood/'] };
const reader: GrantJson = { token: 'reader', access: 'read', prefixes: ['survey/'] };
const expired: GrantJson = { ...writer, token: 'expired', expires: '2020-01-01T00:00:00Z' };
const revocable: GrantJson = { ...writer, token: 'revocable' };
const grants = [writer, reader, expired, revocable];

/** The client (which typed 'intruder') was refused: a permission-denied message, and no document data. */
async function assertRefused(client: TestClient, what: string): Promise<void> {
  let reason: string | undefined;
  client.provider.on('authenticationFailed', (event: { reason: string }) => {
    reason = event.reason;
  });
  await waitFor(() => reason !== undefined, 5000, `${what}: authenticationFailed`);
  // Give a leak the time to arrive before asserting there was none.
  await new Promise((resolve) => setTimeout(resolve, 150));
  const received = client.logs.flatMap((log) => log.received);
  assert.ok(
    received.length > 0 && received.every(isPermissionDenied),
    `${what}: only permission-denied frames`,
  );
  assert.equal(
    client.doc.getText('t').toString(),
    'intruder',
    `${what}: no document content reached the client`,
  );
  assert.equal(client.provider.synced, false);
}

describe('offgrid serve token checks (a real process)', () => {
  let files: ServeFiles;
  let server: ServeProcess;
  let owner: TestClient;

  before(async () => {
    files = serveFiles(grants);
    server = await startServeProcess(['--port', '0', '--data', files.data, '--tokens', files.tokens]);
    owner = connectClient(server.url, DOC, 'writer');
    await waitFor(() => owner.provider.synced, 5000, 'owner synced');
    owner.doc.getText('t').insert(0, SECRET);
    await waitFor(() => !owner.provider.hasUnsyncedChanges, 5000, 'secret stored');
  });
  after(async () => {
    owner?.destroy();
    await server?.stop();
    files?.remove();
  });

  for (const [what, token, name] of [
    ['no token', '', DOC],
    ['a wrong token', 'not-a-token', DOC],
    ['an expired token', 'expired', DOC],
    ['a document outside the token\u2019s prefixes', 'writer', 'survey/2025-drought/site-7'],
  ] as const) {
    it(`refuses ${what} before sending any document data`, async () => {
      const client = connectClient(server.url, name, token);
      try {
        client.doc.getText('t').insert(0, 'intruder');
        await assertRefused(client, what);
      } finally {
        client.destroy();
      }
    });
  }

  it('lets a read-only token read, refuses its update, and stores nothing of it', async () => {
    const client = connectClient(server.url, DOC, 'reader');
    try {
      await waitFor(() => client.provider.synced, 5000, 'reader synced');
      assert.equal(client.doc.getText('t').toString(), SECRET);
      const refusals = () =>
        client.logs.flatMap((l) => l.received).filter((f) => frameType(f) === MessageType.SyncStatus).length;
      const before = refusals();
      client.doc.getText('t').insert(0, 'vandal ');
      await waitFor(() => refusals() > before, 5000, 'a sync status for the refused update');
      assert.equal(client.provider.hasUnsyncedChanges, true, 'the update was not acknowledged as applied');
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(owner.doc.getText('t').toString(), SECRET, 'other clients never saw it');
    } finally {
      client.destroy();
    }
  });

  it('closes a connection whose token is revoked in the file while it runs, and refuses it after', async () => {
    const client = connectClient(server.url, DOC, 'revocable');
    try {
      await waitFor(() => client.provider.synced, 5000, 'revocable synced');
      let closed = false;
      client.provider.on('close', () => {
        closed = true;
      });
      let failed = false;
      client.provider.on('authenticationFailed', () => {
        failed = true;
      });
      files.writeTokens(grants.filter((g) => g !== revocable));
      await waitFor(() => closed, 5000, 'the revoked connection closed');
      await waitFor(() => failed, 5000, 'the reconnect refused');
      client.doc.getText('t').insert(0, 'after revocation ');
      owner.doc.getText('t').insert(SECRET.length, ' (updated)');
      await waitFor(() => !owner.provider.hasUnsyncedChanges, 5000, 'owner update stored');
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(
        client.doc.getText('t').toString().includes('(updated)'),
        false,
        'nothing leaked after revocation',
      );
      assert.equal(owner.doc.getText('t').toString(), `${SECRET} (updated)`);
    } finally {
      client.destroy();
      files.writeTokens(grants);
    }
  });

  it('closes a connection when its token expires', async () => {
    files.writeTokens([
      ...grants,
      { ...writer, token: 'short', expires: new Date(Date.now() + 1500).toISOString() },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 600)); // the watcher polls every 250 ms
    const client = connectClient(server.url, DOC, 'short');
    try {
      await waitFor(() => client.provider.synced, 5000, 'short-lived token synced');
      let closed = false;
      client.provider.on('close', () => {
        closed = true;
      });
      await waitFor(() => closed, 5000, 'closed at expiry');
    } finally {
      client.destroy();
    }
  });

  it('stored none of the refused writes', async () => {
    owner.destroy();
    assert.equal(await server.stop(), 0);
    const store = new SqliteStore(files.data);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, store.load(DOC) ?? new Uint8Array([0, 0]));
    assert.equal(
      store.load('survey/2025-drought/site-7'),
      null,
      'the document outside the prefixes was not created',
    );
    store.close();
    assert.equal(doc.getText('t').toString(), `${SECRET} (updated)`);
    server = await startServeProcess(['--port', '0', '--data', files.data, '--tokens', files.tokens]);
  });
});
