import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { createMemoryChannelPair } from '../memory-channel.ts';
import { MemoryPushStore, type PushStore } from './push-store.ts';
import type { ReceiveProgress } from './push-types.ts';
import { createNode, link, type MeshNode, nextReceived, testBytes } from './testing/push-mesh.ts';
import { until } from './testing/raw-peer.ts';

const MiB = 1024 * 1024;
const hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A memory store that counts puts per chunk and can run a hook after each. */
function countingStore(): {
  store: PushStore;
  inner: MemoryPushStore;
  puts: Map<number, number>;
  afterPut: { hook?: () => void };
} {
  const inner = new MemoryPushStore();
  const puts = new Map<number, number>();
  const afterPut: { hook?: () => void } = {};
  const store: PushStore = {
    open: async (id, shape) => {
      const chunks = await inner.open(id, shape);
      return {
        ...chunks,
        put: async (index, bytes) => {
          await chunks.put(index, bytes);
          puts.set(index, (puts.get(index) ?? 0) + 1);
          afterPut.hook?.();
        },
      };
    },
  };
  return { store, inner, puts, afterPut };
}

function relink(a: MeshNode, b: MeshNode): void {
  const [ab, ba] = createMemoryChannelPair(a.id, b.id);
  a.push.addPeer(b.id, ab);
  b.push.addPeer(a.id, ba);
}

describe('GroupPush resume and abort', () => {
  it('a receiver restarted over the same store fetches only the chunks it lacked', async () => {
    const { store, puts, afterPut } = countingStore();
    const sender = createNode('s');
    let receiver = createNode('r', {}, store as MemoryPushStore);
    link(sender, receiver);
    const file = testBytes(8 * MiB, 31); // 32 chunks of 256 KiB
    afterPut.hook = () => {
      if (puts.size !== 10) return;
      afterPut.hook = undefined;
      // The "crash": the instance goes away and its channels with it.
      receiver.push.close();
      sender.channels.get('r')?.close();
    };
    const pushed = sender.push.push(file, { to: ['r'] });
    await until(() => afterPut.hook === undefined, 5000, 'ten chunks stored');
    const storedBefore = new Set(puts.keys());
    const progress: ReceiveProgress[] = [];
    receiver = createNode('r', { onReceiveProgress: (p) => progress.push(p) }, store as MemoryPushStore);
    const got = nextReceived(receiver);
    relink(sender, receiver);
    const result = await pushed;
    assert.equal(result.peers[0]?.status, 'confirmed');
    assert.equal(hex(await (await got).bytes()), hex(file));
    assert.equal(puts.size, 32);
    assert.deepEqual(
      [...puts.values()].filter((n) => n !== 1),
      [],
      'no chunk stored twice',
    );
    const first = progress[0] as ReceiveProgress;
    assert.ok(
      first.receivedBytes >= storedBefore.size * 256 * 1024,
      'the restart starts from the stored chunks',
    );
    const last = progress.at(-1) as ReceiveProgress;
    assert.equal(last.receivedBytes, file.length);
    assert.equal(
      last.fetchedBytes,
      file.length - first.receivedBytes,
      'the new instance fetched only what was missing',
    );
    sender.push.close();
    receiver.push.close();
  });

  it('the same content pushed again reuses stored chunks, and one that rotted meanwhile is fetched again', async () => {
    const store = new MemoryPushStore();
    const sender = createNode('s');
    const first = createNode('r', {}, store);
    link(sender, first);
    const file = testBytes(2 * MiB, 36); // 8 chunks
    const got = nextReceived(first);
    assert.equal((await sender.push.push(file, { to: ['r'] })).peers[0]?.status, 'confirmed');
    const { transferId } = (await got).offer;
    first.push.close();
    sender.channels.get('r')?.close();
    // Flip a byte of chunk 5 "on disk" and forget chunk 6, then start again over the same store.
    const chunks = await store.open(transferId);
    const rotten = (await chunks.get(5))?.slice() as Uint8Array;
    rotten[0] = (rotten[0] ?? 0) ^ 1;
    await chunks.put(5, rotten);
    await chunks.delete(6);
    const progress: ReceiveProgress[] = [];
    const second = createNode('r', { onReceiveProgress: (p) => progress.push(p) }, store);
    const again = nextReceived(second);
    link(sender, second);
    // The same content pushed again has the same transfer id: the receiver finds its stored chunks.
    assert.equal((await sender.push.push(file, { to: ['r'] })).peers[0]?.status, 'confirmed');
    assert.equal(hex(await (await again).bytes()), hex(file));
    assert.equal(progress.at(-1)?.fetchedBytes, 2 * 256 * 1024, 'only chunks 5 and 6 were fetched');
    sender.push.close();
    second.push.close();
  });

  it('a receiver whose channel drops and comes back resumes on the same instance', async () => {
    const { store, puts, afterPut } = countingStore();
    const sender = createNode('s');
    const receiver = createNode('r', {}, store as MemoryPushStore);
    link(sender, receiver);
    const file = testBytes(4 * MiB, 32);
    let dropped = false;
    afterPut.hook = () => {
      if (dropped || puts.size < 4) return;
      dropped = true;
      sender.channels.get('r')?.close();
      setTimeout(() => relink(sender, receiver), 10);
    };
    const got = nextReceived(receiver);
    const result = await sender.push.push(file, { to: ['r'] });
    assert.ok(dropped, 'the channel was dropped mid-way');
    assert.equal(result.peers[0]?.status, 'confirmed');
    assert.equal(hex(await (await got).bytes()), hex(file));
    assert.deepEqual(
      [...puts.values()].filter((n) => n !== 1),
      [],
      'no chunk stored twice',
    );
    sender.push.close();
    receiver.push.close();
  });

  it('the sender aborts: its promise rejects with aborted, receivers are told and forget the chunks', async () => {
    const controller = new AbortController();
    const { store, inner, puts, afterPut } = countingStore();
    afterPut.hook = () => {
      if (puts.size === 2) controller.abort(new Error('changed my mind'));
    };
    const sender = createNode('s');
    const receivers = [createNode('r1', {}, store as MemoryPushStore), createNode('r2')];
    for (const r of receivers) link(sender, r);
    link(receivers[0] as MeshNode, receivers[1] as MeshNode);
    const pushed = sender.push.push(testBytes(8 * MiB, 33), { to: ['r1', 'r2'], signal: controller.signal });
    await assert.rejects(pushed, { name: 'GroupPushError', code: 'aborted' });
    for (const r of receivers) {
      await until(() => r.failures.length === 1, 2000, `${r.id} hears of the cancel`);
      assert.deepEqual(r.failures, ['cancelled']);
      assert.deepEqual(r.received, []);
    }
    await until(() => inner.transfers().length === 0, 2000, 'r1 forgets the chunks');
    await until(() => receivers[1]?.store.transfers().length === 0, 2000, 'r2 forgets the chunks');
    sender.push.close();
    for (const r of receivers) r.push.close();
  });

  it('a push aborted before it starts rejects at once', async () => {
    const sender = createNode('s');
    await assert.rejects(sender.push.push('x', { to: ['r'], signal: AbortSignal.abort() }), {
      code: 'aborted',
    });
    sender.push.close();
  });

  it('a receiver aborts: the sender reports it cancelled, the other receiver still confirms', async () => {
    const controller = new AbortController();
    const { store, inner, puts, afterPut } = countingStore();
    afterPut.hook = () => {
      if (puts.size === 2) controller.abort();
    };
    const sender = createNode('s');
    const quitter = createNode(
      'quitter',
      { accept: () => ({ accept: true, signal: controller.signal }) },
      store as MemoryPushStore,
    );
    const stayer = createNode('stayer');
    link(sender, quitter);
    link(sender, stayer);
    link(quitter, stayer);
    const file = testBytes(8 * MiB, 34);
    const got = nextReceived(stayer);
    const result = await sender.push.push(file, { to: ['quitter', 'stayer'] });
    assert.deepEqual(
      result.peers.map((p) => [p.peer, p.status, p.error?.code]),
      [
        ['quitter', 'cancelled', 'cancelled'],
        ['stayer', 'confirmed', undefined],
      ],
    );
    assert.equal(hex(await (await got).bytes()), hex(file));
    assert.deepEqual(quitter.failures, ['aborted']);
    await until(() => inner.transfers().length === 0, 2000, 'the quitter forgets its chunks');
    for (const node of [sender, quitter, stayer]) node.push.close();
  });

  it('a receiver whose store fails gives up: store-failed there, failed at the sender', async () => {
    const inner = new MemoryPushStore();
    let puts = 0;
    const failing: PushStore = {
      open: async (id, shape) => {
        const chunks = await inner.open(id, shape);
        return {
          ...chunks,
          put: async (index, bytes) => {
            if (++puts > 2) throw new Error('disk full');
            await chunks.put(index, bytes);
          },
        };
      },
    };
    const sender = createNode('s');
    const receiver = createNode('r', { store: failing });
    link(sender, receiver);
    const result = await sender.push.push(testBytes(4 * MiB, 35), { to: ['r'] });
    assert.deepEqual(
      result.peers.map((p) => [p.status, p.error?.code]),
      [['failed', 'cancelled']],
    );
    assert.deepEqual(receiver.failures, ['store-failed']);
    sender.push.close();
    receiver.push.close();
  });

  it('a receipt whose sender vanished gives up after peerTimeoutMs, keeping its chunks for a later resume', async () => {
    const sender = createNode('s');
    const receiver = createNode('r', { peerTimeoutMs: 300 });
    const [toReceiver, toSender] = createMemoryChannelPair('s', 'r');
    let pieces = 0;
    const send = toReceiver.send.bind(toReceiver);
    toReceiver.send = (data) => {
      // After 40 pieces (10 chunks) the sender's device goes away for good, without a word.
      if (++pieces === 40) queueMicrotask(() => toReceiver.close());
      if (pieces <= 40) send(data);
    };
    sender.push.addPeer('r', toReceiver);
    receiver.push.addPeer('s', toSender);
    const pushed = sender.push.push(testBytes(16 * MiB, 37), { to: ['r'] });
    await until(() => receiver.failures.length === 1, 3000, 'the receipt gives up');
    assert.deepEqual(receiver.failures, ['peer-timeout']);
    assert.equal(receiver.store.transfers().length, 1, 'the chunks stay for a resume');
    sender.push.close();
    await assert.rejects(pushed, { code: 'closed' });
    receiver.push.close();
  });

  it('a recipient that never connects fails with peer-timeout', async () => {
    const sender = createNode('s', { peerTimeoutMs: 50 });
    const receiver = createNode('r');
    link(sender, receiver);
    const result = await sender.push.push('hi', { to: ['r', 'absent'] });
    assert.deepEqual(
      result.peers.map((p) => [p.peer, p.status, p.error?.code]),
      [
        ['r', 'confirmed', undefined],
        ['absent', 'failed', 'peer-timeout'],
      ],
    );
    sender.push.close();
    receiver.push.close();
  });
});
