/**
 * Share from a page through its agent (docs/framework.md §Share from a page), in Node against the real app server,
 * replicas and share hosts on loopback: page A → agent A → agent B → page B, accepted or declined by B's page; a
 * 16 MiB file byte-identical; A's tab closing right after the share started, and the share still finishing; pages
 * with a wrong Origin or token never reach the share host; a malformed relay frame answered with a typed error.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, it } from 'node:test';
import type { ImportEvent, ShareOfferEvent } from '@offgrid/framework/node';
import { WebSocket } from 'ws';
import {
  APP,
  linkAgents,
  openPage,
  type ShareAgent,
  startShareAgent,
  until,
} from './testing/share-agents.ts';

let a: ShareAgent;
let b: ShareAgent;
before(async () => {
  [a, b] = await Promise.all([
    startShareAgent('fp-a', { 'fp-b': 'Bo phone' }),
    startShareAgent('fp-b', { 'fp-a': 'Ada laptop' }),
  ]);
  linkAgents(a, b);
});
after(async () => {
  await Promise.all([a.stop(), b.stop()]);
});

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

it('shares a document from page A to page B, who accepts: it merges into B’s replica and reaches B’s page', async () => {
  const pageA = await openPage(a);
  const pageB = await openPage(b);
  await until(
    () => pageA.share.peers().includes('fp-b') && pageB.share.peers().includes('fp-a'),
    'peer lists',
  );
  assert.deepEqual(pageA.share.nearbyPeers(), [
    { id: 'fp-b', name: 'Bo phone', verified: true, trusted: true },
  ]);

  pageA.workspace.doc('shopping').getText('body').insert(0, 'milk, eggs');
  pageB.share.addEventListener('offer', (event) => {
    const { offer } = event as ShareOfferEvent;
    assert.equal(offer.from, 'fp-a');
    assert.equal(offer.kind, 'document');
    assert.equal(pageB.share.accept(offer.transferId), true);
  });
  const imported = new Promise<ImportEvent>((resolve) =>
    pageB.share.addEventListener('import', (event) => resolve(event as ImportEvent)),
  );
  const outgoingEvents: number[] = [];
  pageA.share.addEventListener('progress', () => outgoingEvents.push(1));
  const started = pageA.share.shareDocument('shopping', { to: ['fp-b'] });
  const localId = pageA.share.snapshot().outgoing.at(-1)?.id;
  assert.equal(pageA.share.snapshot().outgoing.at(-1)?.name, 'shopping', 'in the snapshot at once');
  const result = await started;
  assert.deepEqual(
    result.peers.map((p) => [p.peer, p.status]),
    [['fp-b', 'confirmed']],
  );
  const { imported: what } = await imported;
  assert.equal(what.kind, 'document');
  assert.equal(what.name, 'shopping');
  assert.equal(b.replica.workspace.doc('shopping').getText('body').toString(), 'milk, eggs');
  assert.equal(
    pageB.workspace.doc('shopping').getText('body').toString(),
    'milk, eggs',
    'by sync, before import',
  );
  await until(
    () => pageA.share.snapshot().outgoing.some((s) => s.id === localId && s.done),
    'A sees it done',
  );
  assert.ok(outgoingEvents.length > 0, 'progress events on the sharing page');
  await Promise.all([pageA.close(), pageB.close()]);
});

it('a decline on page B reaches page A as a declined recipient', async () => {
  const pageA = await openPage(a);
  const pageB = await openPage(b);
  await until(() => pageA.share.peers().length === 1 && pageB.share.peers().length === 1, 'peer lists');
  pageB.share.addEventListener('offer', (event) =>
    pageB.share.decline((event as ShareOfferEvent).offer.transferId),
  );
  const result = await pageA.share.shareFile(
    { name: 'no.txt', type: 'text/plain', bytes: new TextEncoder().encode('not wanted') },
    { to: ['fp-b'] },
  );
  assert.deepEqual(
    result.peers.map((p) => [p.peer, p.status]),
    [['fp-b', 'declined']],
  );
  assert.equal(pageB.share.snapshot().offers.length, 0);
  await Promise.all([pageA.close(), pageB.close()]);
});

it('carries a 16 MiB file byte-identical from page A to page B', async () => {
  const pageA = await openPage(a);
  const pageB = await openPage(b);
  await until(() => pageA.share.peers().length === 1 && pageB.share.peers().length === 1, 'peer lists');
  const bytes = new Uint8Array(randomBytes(16 * 1024 * 1024));
  pageB.share.addEventListener('offer', (event) =>
    pageB.share.accept((event as ShareOfferEvent).offer.transferId),
  );
  const imported = new Promise<ImportEvent>((resolve) =>
    pageB.share.addEventListener('import', (event) => resolve(event as ImportEvent)),
  );
  const received: number[] = [];
  pageB.share.addEventListener('progress', () => {
    const entry = pageB.share.snapshot().incoming.at(-1);
    if (entry) received.push(entry.receivedBytes);
  });
  const result = await pageA.share.shareFile(new File([bytes], 'big.bin'), { to: ['fp-b'] });
  assert.equal(result.peers[0]?.status, 'confirmed');
  const { imported: file } = await imported;
  assert.equal(file.kind, 'file');
  assert.ok(file.kind === 'file' && file.bytes !== undefined);
  assert.equal(file.bytes.byteLength, bytes.byteLength);
  assert.equal(sha(file.bytes), sha(bytes));
  assert.ok(
    received.every((n, i) => i === 0 || n >= (received[i - 1] as number)),
    'never goes back',
  );
  await Promise.all([pageA.close(), pageB.close()]);
});

it('a share goes on when the sharing tab closes right after starting it', async () => {
  const pageA = await openPage(a);
  const pageB = await openPage(b);
  await until(() => pageA.share.peers().length === 1 && pageB.share.peers().length === 1, 'peer lists');
  const bytes = new Uint8Array(randomBytes(4 * 1024 * 1024));
  const offered = new Promise<string>((resolve) =>
    pageB.share.addEventListener('offer', (event) => resolve((event as ShareOfferEvent).offer.transferId)),
  );
  const imported = new Promise<ImportEvent>((resolve) =>
    pageB.share.addEventListener('import', (event) => resolve(event as ImportEvent)),
  );
  const running = pageA.share.shareFile({ name: 'after-close.bin', bytes }, { to: ['fp-b'] });
  const transferId = await offered; // the agent has the bytes and offered them; B has not answered yet
  await pageA.close();
  await assert.rejects(running, { name: 'PageShareError', code: 'disconnected' });
  assert.equal(pageB.share.accept(transferId), true);
  const { imported: file } = await imported;
  assert.ok(file.kind === 'file' && file.bytes !== undefined && sha(file.bytes) === sha(bytes));
  // A page opened later sees how the share ended.
  const again = await openPage(a);
  await until(
    () =>
      again.share
        .snapshot()
        .outgoing.some((s) => s.transferId === transferId && s.done && s.peers[0]?.status === 'confirmed'),
    'the ended share in a new page',
  );
  await Promise.all([again.close(), pageB.close()]);
});

it('refuses a page socket with a wrong Origin or token before the share host sees it', async () => {
  const before = a.pageSockets;
  const token = a.tokens.issue(a.origin);
  const attempts = [
    { origin: 'http://127.0.0.1:1', token }, // another origin
    { origin: a.origin, token: 'not-a-token' },
  ];
  for (const attempt of attempts) {
    const socket = new WebSocket(
      `ws://127.0.0.1:${a.port}/${APP.id}/sync`,
      ['offgrid-sync.v1', `offgrid-token.${attempt.token}`],
      {
        origin: attempt.origin,
      },
    );
    const status = await new Promise<number>((resolve) => {
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('open', () => resolve(101));
      socket.on('error', () => {});
    });
    assert.equal(status, 403);
  }
  assert.equal(a.pageSockets, before, 'no socket reached the replica or the share host');
});

it('answers a malformed relay frame with a typed error and keeps the socket', async () => {
  const token = a.tokens.issue(a.origin);
  const socket = new WebSocket(
    `ws://127.0.0.1:${a.port}/${APP.id}/sync`,
    ['offgrid-sync.v1', `offgrid-token.${token}`],
    {
      origin: a.origin,
    },
  );
  const texts: string[] = [];
  socket.on('message', (data, binary) => {
    if (!binary) texts.push(data.toString());
  });
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send('{"t":"offgrid/share","v":1,"op":"share-document","id":7,"name":5,"to":[]}');
  socket.send('{"t":"offgrid/share","v":1,"op":"explode","id":8}');
  socket.send(`{"t":"offgrid/share","v":1,"op":"data","id":9,"data":"${'A'.repeat(600_000)}"}`);
  await until(() => texts.filter((t) => t.includes('"op":"reply"')).length === 3, 'three error replies');
  const replies = texts.filter((t) => t.includes('"op":"reply"')).map((t) => JSON.parse(t));
  assert.deepEqual(replies.map((r) => [r.id, r.ok, r.code]).sort(), [
    [7, false, 'malformed'],
    [8, false, 'unknown-op'],
    [9, false, 'too-large'],
  ]);
  assert.equal(socket.readyState, WebSocket.OPEN);
  socket.close();
});
