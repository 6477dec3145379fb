import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { ChannelEvent, SyncChannel } from '../channel.ts';
import { createMemoryChannelPair } from '../memory-channel.ts';
import { encodeFrame, encodePiece, FrameType } from './push-frames.ts';
import { createNode, link, type MeshNode, nextReceived, testBytes } from './testing/push-mesh.ts';
import { rawPeer, until } from './testing/raw-peer.ts';

const MiB = 1024 * 1024;
const hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A channel end that flips a byte in the payload of every PIECE it sends: a member serving corrupt chunks. */
function corrupting(channel: SyncChannel): SyncChannel {
  return new Proxy(channel, {
    get(target, key) {
      if (key === 'send') {
        return (data: Uint8Array<ArrayBuffer>) => {
          if (data[0] === FrameType.piece) {
            const copy = data.slice();
            copy[copy.length - 1] = (copy[copy.length - 1] ?? 0) ^ 0xff;
            return target.send(copy);
          }
          return target.send(data);
        };
      }
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    set(target, key, value) {
      return Reflect.set(target, key, value, target);
    },
  });
}

/** The evil member corrupts what it sends to the other receivers (the sender never asks it for chunks). */
function evilEnd(owner: string, other: string, end: SyncChannel): SyncChannel {
  return owner === 'evil' && other !== 's' ? corrupting(end) : end;
}

describe('GroupPush against hostile peers', () => {
  it('closes the channel of a peer sending malformed frames, with a typed error, and keeps serving others', async () => {
    const sender = createNode('s');
    const receiver = createNode('r');
    link(sender, receiver);
    const bad = [
      new Uint8Array([FrameType.have, 1, 2, 3]),
      new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]),
      new Uint8Array(0),
      new Uint8Array(3 * MiB),
    ];
    for (const [i, bytes] of bad.entries()) {
      const peer = rawPeer(receiver, `evil${i}`);
      peer.send(bytes);
      await until(() => peer.channel.readyState === 'closed', 2000, 'the hostile channel closes');
    }
    // A text message where binary is expected.
    const [ours, theirs] = createMemoryChannelPair('text', 'r');
    receiver.push.addPeer('text', theirs);
    (ours as unknown as EventTarget).dispatchEvent(new Event('noop'));
    theirs.dispatchEvent(Object.assign(new Event('message'), { data: 'hello' }) as ChannelEvent & Event);
    await until(() => ours.readyState === 'closed', 2000, 'the text channel closes');
    assert.deepEqual(
      receiver.peerErrors.map((e) => [e.peer, e.code]),
      [
        ['evil0', 'malformed-frame'],
        ['evil1', 'malformed-frame'],
        ['evil2', 'malformed-frame'],
        ['evil3', 'frame-too-large'],
        ['text', 'malformed-frame'],
      ],
    );
    const file = testBytes(2 * MiB, 11);
    const got = nextReceived(receiver);
    const result = await sender.push.push(file, { to: ['r'] });
    assert.equal(result.peers[0]?.status, 'confirmed');
    assert.equal(hex(await (await got).bytes()), hex(file));
    sender.push.close();
    receiver.push.close();
  });

  it('a member serving corrupt chunks cannot spoil the file and is dropped after repeated bad chunks', async () => {
    // The corrupting member, refused by the honest ones, waits for redirects: keep that wait short.
    const nodes = ['s', 'evil', 'r1', 'r2', 'r3'].map((id) => createNode(id, { redirectWaitMs: 200 }));
    const byId = new Map(nodes.map((n) => [n.id, n]));
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const a = nodes[i] as MeshNode;
        const b = nodes[j] as MeshNode;
        const [ab, ba] = createMemoryChannelPair(a.id, b.id);
        a.push.addPeer(b.id, evilEnd(a.id, b.id, ab));
        b.push.addPeer(a.id, evilEnd(b.id, a.id, ba));
      }
    }
    const file = testBytes(8 * MiB, 21);
    const honest = ['r1', 'r2', 'r3'].map((id) => byId.get(id) as MeshNode);
    const got = honest.map((n) => nextReceived(n));
    const result = await (byId.get('s') as MeshNode).push.push(file, { to: ['evil', 'r1', 'r2', 'r3'] });
    assert.deepEqual(
      result.peers.map((p) => [p.peer, p.status]),
      [
        ['evil', 'confirmed'],
        ['r1', 'confirmed'],
        ['r2', 'confirmed'],
        ['r3', 'confirmed'],
      ],
    );
    for (const received of await Promise.all(got)) assert.equal(hex(await received.bytes()), hex(file));
    const dropped = honest.filter((n) =>
      n.peerErrors.some((e) => e.peer === 'evil' && e.code === 'bad-chunks'),
    );
    assert.equal(dropped.length, 3, 'every honest member dropped the corrupting member');
    for (const node of honest) {
      assert.ok(
        node.peerErrors.every((e) => e.peer === 'evil'),
        'only the corrupting member is blamed',
      );
    }
    for (const node of nodes) node.push.close();
  });

  it('ignores pieces nobody asked for, without allocating for them', async () => {
    const receiver = createNode('r');
    const peer = rawPeer(receiver, 'evil');
    const id = testBytes(32, 3);
    for (let i = 0; i < 100; i++) {
      const frame = new Uint8Array(1 + 32 + 2 + 1000);
      frame.set([FrameType.piece, ...id, i, 0], 0);
      peer.send(frame);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(peer.channel.readyState, 'open');
    assert.deepEqual(receiver.peerErrors, []);
    receiver.push.close();
  });
});

describe('GroupPush against a member sending well-formed nonsense', () => {
  it('finishes byte-identical while a member sends thousands of random frames for the live transfer', async () => {
    const sender = createNode('s');
    const receiver = createNode('r');
    link(sender, receiver);
    const evilAtSender = rawPeer(sender, 'evil');
    const evilAtReceiver = rawPeer(receiver, 'evil');
    const file = testBytes(6 * MiB, 71);
    const got = nextReceived(receiver);
    const pushed = sender.push.push(file, { to: ['r', 'evil'] });
    const offer = await evilAtSender.next('offer');
    evilAtSender.send(encodeFrame({ type: 'accept', id: offer.id, neighbours: ['r'] }));
    let x = 99;
    const random = (n: number): number => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return (x >>> 0) % n;
    };
    const chunkCount = 24;
    const nonsense = (): Uint8Array => {
      const id = offer.id;
      const index = random(3) === 0 ? random(16_384) : random(chunkCount);
      switch (random(10)) {
        case 0:
          return encodeFrame({
            type: 'have-all',
            id,
            bits: testBytes(random(2) ? 3 : random(5), random(1000) + 1),
          });
        case 1:
          return encodeFrame({ type: 'have', id, index });
        case 2:
          return encodeFrame({ type: 'request', id, index, direct: random(2) === 1 });
        case 3:
          return encodePiece(
            id,
            index,
            random(2) ? 0 : random(300_000),
            testBytes(1 + random(2000), index + 1),
          );
        case 4:
          return encodeFrame({ type: 'no-chunk', id, index });
        case 5:
          return encodeFrame({ type: 'redirect', id, index, holder: random(2) ? 's' : 'evil' });
        case 6:
          return encodeFrame({ type: 'done', id });
        case 7:
          return encodeFrame({ type: 'end', id });
        case 8:
          return encodeFrame({ type: 'accept', id, neighbours: ['s', 'r'] });
        default:
          return encodeFrame({
            type: 'offer',
            id,
            manifest: testBytes(random(200), 5),
            group: '',
            members: ['r'],
          });
      }
    };
    let sent = 0;
    for (let round = 0; round < 3000 && evilAtReceiver.channel.readyState === 'open'; round++) {
      evilAtReceiver.send(nonsense());
      sent++;
      if (round % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    }
    evilAtSender.send(encodeFrame({ type: 'cancel', id: offer.id, reason: 0 }));
    const result = await pushed;
    assert.deepEqual(
      result.peers.map((p) => [p.peer, p.status]),
      [
        ['r', 'confirmed'],
        ['evil', 'cancelled'],
      ],
    );
    assert.equal(hex(await (await got).bytes()), hex(file));
    assert.equal(sent, 3000, 'every nonsense frame was taken without closing the channel');
    assert.ok(
      receiver.peerErrors.every((e) => e.peer === 'evil'),
      'only the nonsense sender is blamed',
    );
    sender.push.close();
    receiver.push.close();
  });
});
