/** Share and import between workspaces over in-memory channels: offers, accept, decline, progress, merge. */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { createMemoryChannelPair } from '@offgrid/sync';
import type { ImportedDocument, ImportedFile, IncomingProgress, OutgoingProgress } from './share-types.ts';
import { IMPORT_ORIGIN } from './shared-document.ts';
import {
  ConnectingChannel,
  linkDevices,
  nextShareEvent,
  type ShareDevice,
  shareDevice,
} from './testing/share-pair.ts';

const bytesOf = (length: number, seed: number) =>
  Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 255);

describe('NearbyShare over memory channels', () => {
  const devices: ShareDevice[] = [];
  const device = (id: string, options = {}) => {
    const made = shareDevice(id, options);
    devices.push(made);
    return made;
  };
  afterEach(async () => {
    await Promise.all(devices.splice(0).map((d) => d.close()));
  });

  it('offers a file, the receiver accepts, the bytes arrive with monotone progress on both sides', async () => {
    const a = device('a');
    const b = device('b');
    linkDevices(a, b);
    const file = bytesOf(3 * 1024 * 1024 + 7, 3);
    const incoming: number[] = [];
    const outgoing: number[] = [];
    b.share.addEventListener('progress', (e) =>
      incoming.push((e.progress as IncomingProgress).receivedBytes),
    );
    a.share.addEventListener('progress', (e) => {
      if (e.direction === 'outgoing')
        outgoing.push((e.progress as OutgoingProgress).peers[0]?.receivedBytes ?? 0);
    });
    b.share.addEventListener('offer', (e) => {
      assert.deepEqual(
        { kind: e.offer.kind, name: e.offer.name, from: e.offer.from, totalBytes: e.offer.totalBytes },
        { kind: 'file', name: 'plan.pdf', from: 'a', totalBytes: file.length },
      );
      assert.equal(b.share.snapshot().offers.length, 1);
      assert.equal(b.share.accept(e.offer.transferId), true);
    });
    const imported = nextShareEvent(b.share, 'import');
    const result = await a.share.shareFile(
      { name: 'plan.pdf', type: 'application/pdf', bytes: file },
      { to: ['b'] },
    );
    assert.deepEqual(
      result.peers.map((p) => p.status),
      ['confirmed'],
    );
    const got = (await imported).imported as ImportedFile;
    assert.equal(got.kind, 'file');
    assert.equal(got.mediaType, 'application/pdf');
    assert.deepEqual(got.bytes, file);
    for (const series of [incoming, outgoing]) {
      assert.ok(series.length >= 2, `only ${series.length} progress reports`);
      for (let i = 1; i < series.length; i++)
        assert.ok(
          (series[i] as number) >= (series[i - 1] as number),
          `progress went back: ${series.join(',')}`,
        );
    }
    assert.equal(incoming.at(-1), file.length);
    const snapshot = b.share.snapshot();
    assert.deepEqual(snapshot.offers, []);
    assert.equal(snapshot.incoming[0]?.state, 'imported');
    assert.equal(a.share.snapshot().outgoing[0]?.done, true);
    assert.doesNotThrow(() => JSON.stringify(snapshot));
  });

  it('a push channel still connecting is attached once open: a share started before gets its offer through', async () => {
    // Without waiting for `open`, the offer went into a channel that could not send it, and the share waited
    // for ever (here: until peerTimeoutMs); and pages never heard that the peer became reachable.
    const a = device('a', { peerTimeoutMs: 5000 });
    const b = device('b');
    const [pushA, pushB] = createMemoryChannelPair();
    const late = new ConnectingChannel(pushA);
    a.share.addPeer('b', late);
    b.share.addPeer('a', pushB);
    assert.deepEqual(a.share.peers(), []);
    b.share.addEventListener('offer', (e) => b.share.accept(e.offer.transferId));
    const result = a.share.shareFile(
      { name: 'late.bin', type: 'application/octet-stream', bytes: bytesOf(1000, 1) },
      { to: ['b'] },
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const reachable = new Promise<string[]>((resolve) =>
      a.share.addEventListener('change', () => {
        if (a.share.peers().length > 0) resolve(a.share.peers());
      }),
    );
    late.open();
    assert.deepEqual(await reachable, ['b']);
    assert.deepEqual(
      (await result).peers.map((p) => p.status),
      ['confirmed'],
    );
  });

  it('the same file shared twice is offered and imported twice (same transfer id, a fresh receipt)', async () => {
    const a = device('a');
    const b = device('b');
    linkDevices(a, b);
    b.share.addEventListener('offer', (e) => {
      assert.deepEqual(
        b.share.snapshot().incoming,
        [],
        'the ended receipt of that id made way for the offer',
      );
      b.share.accept(e.offer.transferId);
    });
    const file = { name: 'same.bin', bytes: bytesOf(70_000, 5) };
    for (let round = 0; round < 2; round++) {
      const imported = nextShareEvent(b.share, 'import');
      const result = await a.share.shareFile(file, { to: ['b'] });
      assert.equal(result.peers[0]?.status, 'confirmed');
      assert.deepEqual(((await imported).imported as ImportedFile).bytes, file.bytes);
    }
  });

  it('a declined offer stores nothing and the sender sees declined', async () => {
    const a = device('a');
    const b = device('b');
    linkDevices(a, b);
    b.share.addEventListener('offer', (e) => assert.equal(b.share.decline(e.offer.transferId), true));
    let imported = 0;
    b.share.addEventListener('import', () => imported++);
    const result = await a.share.shareFile({ name: 'x.bin', bytes: bytesOf(1000, 1) }, { to: ['b'] });
    assert.deepEqual(
      result.peers.map((p) => p.status),
      ['declined'],
    );
    assert.equal(imported, 0);
    assert.deepEqual(b.share.snapshot(), { offers: [], incoming: [], outgoing: [] });
    assert.equal(b.share.accept(result.transferId), false, 'a declined offer cannot be accepted later');
  });

  it('an offer nobody answers is declined after offerTimeoutMs', async () => {
    const a = device('a');
    const b = device('b', { offerTimeoutMs: 50 });
    linkDevices(a, b);
    const offered = nextShareEvent(b.share, 'offer');
    const result = await a.share.shareFile({ name: 'x.bin', bytes: bytesOf(10, 1) }, { to: ['b'] });
    await offered;
    assert.equal(result.peers[0]?.status, 'declined');
  });

  it('a shared document merges into the same name, keeping both sides’ edits; `as` imports under another', async () => {
    const a = device('a');
    const b = device('b');
    linkDevices(a, b);
    a.workspace.doc('shopping').getText('body').insert(0, 'milk');
    b.workspace.doc('shopping').getText('body').insert(0, 'eggs ');
    await b.workspace.whenLoaded('shopping');
    const origins: unknown[] = [];
    b.workspace.doc('shopping').on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));
    let as: string | undefined;
    b.share.addEventListener('offer', (e) => {
      assert.equal(e.offer.kind, 'document');
      b.share.accept(e.offer.transferId, as === undefined ? {} : { as });
    });
    let imported = nextShareEvent(b.share, 'import');
    const result = await a.share.shareDocument('shopping', { to: ['b'] });
    assert.equal(result.peers[0]?.status, 'confirmed');
    const doc = (await imported).imported as ImportedDocument;
    assert.deepEqual([doc.kind, doc.name, doc.sentAs, doc.from], ['document', 'shopping', 'shopping', 'a']);
    const merged = b.workspace.doc('shopping').getText('body').toString();
    assert.ok(merged.includes('milk') && merged.includes('eggs'), merged);
    assert.deepEqual(origins, [IMPORT_ORIGIN]);
    assert.deepEqual(await b.workspace.list(), ['shopping'], 'the merge is stored');

    as = 'from Ada';
    a.workspace.doc('shopping').getText('body').insert(0, 'bread ');
    imported = nextShareEvent(b.share, 'import');
    await a.share.shareDocument('shopping', { to: ['b'] });
    assert.equal(((await imported).imported as ImportedDocument).name, 'from Ada');
    assert.equal(b.workspace.doc('from Ada').getText('body').toString(), 'bread milk');
    assert.deepEqual((await b.workspace.list()).sort(), ['from Ada', 'shopping']);
  });

  it('a "document" that is not a Yjs update fails the import and leaves the workspace alone', async () => {
    const a = device('a');
    const b = device('b');
    linkDevices(a, b);
    b.share.addEventListener('offer', (e) => b.share.accept(e.offer.transferId));
    const failed = nextShareEvent(b.share, 'importfailed');
    await a.share.shareFile(
      { name: 'shopping', type: 'application/vnd.offgrid.yjs-update', bytes: bytesOf(5000, 9) },
      { to: ['b'] },
    );
    const event = await failed;
    assert.equal(event.error.code, 'bad-document');
    assert.deepEqual(await b.workspace.list(), []);
    assert.equal(b.share.snapshot().incoming[0]?.state, 'failed');
  });

  it('the receiver cancels an accepted receipt; the sender reports cancelled', async () => {
    const a = device('a');
    const b = device('b');
    linkDevices(a, b);
    b.share.addEventListener('offer', (e) => b.share.accept(e.offer.transferId));
    b.share.addEventListener('progress', (e) => {
      if ((e.progress as IncomingProgress).receivedBytes > 0) b.share.cancel(e.progress.transferId);
    });
    const failed = nextShareEvent(b.share, 'importfailed');
    const result = await a.share.shareFile(
      { name: 'big', bytes: bytesOf(8 * 1024 * 1024, 2) },
      { to: ['b'] },
    );
    assert.equal(result.peers[0]?.status, 'cancelled');
    assert.equal((await failed).error.code, 'import-failed');
  });
});
