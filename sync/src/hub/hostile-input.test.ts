/**
 * Hostile input against a hub that also has an honest peer: at least 10^5 random, truncated and mutated messages
 * (seeded), huge varints, updates that reference missing structures, and awareness floods. Each bad message
 * must end in a typed error and that channel closed, with the document untouched by the rejected message, the
 * honest channel still syncing, no crash, and no message taking over a second.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import * as prng from 'lib0/prng';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { SyncError } from '../errors/sync-error.ts';
import { createMemoryChannelPair, type MemoryChannel } from '../memory-channel.ts';
import { encodeMessage } from '../protocol/encode-message.ts';
import type { SyncMessage } from '../protocol/sync-message.ts';
import { settle } from '../testing/settle.ts';
import type { SyncErrorEvent } from './events.ts';
import { SyncHub } from './sync-hub.ts';
import type { SyncLink } from './sync-link.ts';

const MESSAGES = Number(process.env.SYNC_FUZZ_MESSAGES ?? 100_000);
const SEED = Number(process.env.SYNC_FUZZ_SEED ?? 4242);

/** Valid messages to truncate and mutate: built from a fork of the target document, so most would apply. */
function corpus(base: Y.Doc): Uint8Array[] {
  const fork = new Y.Doc();
  Y.applyUpdate(fork, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(fork);
  fork.getText('t').insert(3, 'fuzz');
  fork.getMap('m').set('k', { nested: [1, 2, 3] });
  fork.getArray('a').insert(0, [new Uint8Array([1, 2]), 'x']);
  fork.getText('t').delete(0, 2);
  const update = Y.encodeStateAsUpdate(fork, before);
  const awareness = new awarenessProtocol.Awareness(fork);
  awareness.setLocalState({ name: 'mallory', cursor: { anchor: 1 } });
  const presence = awarenessProtocol.encodeAwarenessUpdate(awareness, [fork.clientID]);
  awareness.destroy();
  const messages: SyncMessage[] = [
    { kind: 'sync-step1', address: 'doc', stateVector: before, reply: false },
    { kind: 'sync-step2', address: 'doc', update, reply: false },
    { kind: 'update', address: 'doc', update, reply: false },
    { kind: 'awareness', address: 'doc', update: presence },
    { kind: 'query-awareness', address: 'doc' },
    { kind: 'auth-token', address: 'doc', token: 'tok', version: '4.8.0' },
    { kind: 'stateless', address: 'doc', payload: '{"a":1}' },
    { kind: 'sync-status', address: 'doc', applied: true },
    { kind: 'sync-step1', address: 'elsewhere', stateVector: before, reply: false },
    { kind: 'ping' },
  ];
  return messages.map(encodeMessage);
}

function hostileMessage(gen: prng.PRNG, valid: Uint8Array[]): Uint8Array {
  const kind = prng.int32(gen, 0, 9);
  if (kind <= 1) return prng.uint8Array(gen, prng.int32(gen, 0, 48));
  const source = prng.oneOf(gen, valid);
  if (kind <= 4) return source.slice(0, prng.int32(gen, 0, source.length - 1));
  const bytes = source.slice();
  const edits = prng.int32(gen, 1, 3);
  for (let e = 0; e < edits && bytes.length > 0; e++) {
    const at = prng.int32(gen, 0, bytes.length - 1);
    bytes[at] = kind <= 7 ? prng.int32(gen, 0, 255) : (bytes[at] as number) ^ (1 << prng.int32(gen, 0, 7));
  }
  return bytes;
}

/** Special cases: huge varints, a missing-structure update, a gap, an awareness flood in one message. */
function targetedMessages(base: Y.Doc): Array<{ bytes: Uint8Array; code: string }> {
  const huge = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
  const fork = new Y.Doc();
  Y.applyUpdate(fork, Y.encodeStateAsUpdate(base));
  fork.getText('t').insert(0, 'first ');
  const middle = Y.encodeStateVector(fork);
  fork.getText('t').insert(0, 'second ');
  const dependent = Y.encodeStateAsUpdate(fork, middle);
  const stranger = new Y.Doc();
  stranger.getText('t').insert(0, 'a');
  const afterA = Y.encodeStateVector(stranger);
  stranger.getText('t').insert(1, 'b');
  const gap = Y.encodeStateAsUpdate(stranger, afterA);
  const flood = new awarenessProtocol.Awareness(new Y.Doc());
  const ids: number[] = [];
  for (let i = 0; i < 300; i++) {
    flood.states.set(10_000 + i, { i });
    flood.meta.set(10_000 + i, { clock: 1, lastUpdated: 0 });
    ids.push(10_000 + i);
  }
  const floodUpdate = awarenessProtocol.encodeAwarenessUpdate(flood, ids);
  flood.destroy();
  const update = (payload: Uint8Array) =>
    encodeMessage({ kind: 'update', address: 'doc', update: payload, reply: false });
  return [
    { bytes: new Uint8Array(huge), code: 'varint-too-large' },
    { bytes: new Uint8Array([3, 0x64, 0x6f, 0x63, ...huge]), code: 'varint-too-large' },
    {
      bytes: new Uint8Array([3, 0x64, 0x6f, 0x63, 0, 2, 0xff, 0xff, 0xff, 0xff, 0x7f]),
      code: 'message-too-large',
    },
    { bytes: update(dependent), code: 'missing-structures' },
    { bytes: update(gap), code: 'missing-structures' },
    {
      bytes: encodeMessage({ kind: 'awareness', address: 'doc', update: floodUpdate }),
      code: 'too-many-awareness-clients',
    },
  ];
}

const snapshotOf = (doc: Y.Doc) => Y.encodeStateAsUpdate(doc).join();

it(`survives ${MESSAGES} hostile messages with typed errors, closing only the offending channel`, async () => {
  const x = new SyncHub({ awarenessLimits: { maxClients: 64 } });
  const y = new SyncHub();
  const xDoc = x.open('doc');
  xDoc.doc.getText('t').insert(0, 'the honest document');
  const yDoc = y.open('doc');
  try {
    const [ha, hb] = createMemoryChannelPair();
    const honest = x.attach(ha, { peerId: 'y' });
    y.attach(hb, { peerId: 'x' });
    await settle(() => yDoc.doc.getText('t').toString() === 'the honest document', 'honest sync');

    const gen = prng.create(SEED);
    const valid = corpus(xDoc.doc);
    const codes = new Map<string, number>();
    let hostile: { link: SyncLink; channel: MemoryChannel; errors: SyncError[] } | undefined;
    const fresh = () => {
      const [a, b] = createMemoryChannelPair();
      const link = x.attach(a, { peerId: 'mallory' });
      const errors: SyncError[] = [];
      link.addEventListener('error', (e) => errors.push((e as SyncErrorEvent).error));
      return { link, channel: b, errors };
    };
    let updatesFromHostile = 0;
    xDoc.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin && (origin as { link?: SyncLink }).link === hostile?.link) updatesFromHostile++;
    });
    let slowest = 0;
    let delivered = 0;
    const started = performance.now();
    const deliver = async (bytes: Uint8Array, expectCode?: string) => {
      if (hostile === undefined || hostile.link.closed) hostile = fresh();
      const current = hostile;
      // The full snapshot is costly on a growing document: every 50th message; the update count covers the rest.
      const before = delivered++ % 50 === 0 ? snapshotOf(xDoc.doc) : undefined;
      const applied = updatesFromHostile;
      const t0 = performance.now();
      current.channel.send(bytes.slice());
      await Promise.resolve();
      await Promise.resolve();
      slowest = Math.max(slowest, performance.now() - t0);
      const error = current.errors.shift();
      if (error === undefined) {
        assert.equal(expectCode, undefined, `expected ${expectCode}`);
        return;
      }
      assert.ok(error instanceof SyncError, 'a typed error');
      assert.notEqual(error.code, 'internal', `no unexpected exception: ${error.message}`);
      if (expectCode !== undefined) assert.equal(error.code, expectCode);
      assert.ok(current.link.closed, 'the offending channel is closed');
      assert.equal(updatesFromHostile, applied, 'a rejected message changed nothing');
      if (before !== undefined) assert.equal(snapshotOf(xDoc.doc), before, 'the document is as it was');
      codes.set(error.code, (codes.get(error.code) ?? 0) + 1);
    };

    for (const { bytes, code } of targetedMessages(xDoc.doc)) await deliver(bytes, code);
    for (let i = 0; i < MESSAGES; i++) await deliver(hostileMessage(gen, valid));
    // An awareness flood spread over many messages hits the per-document cap.
    hostile = fresh();
    const flood = hostile;
    for (let i = 0; i < 100 && !flood.link.closed; i++) {
      const peerDoc = new Y.Doc();
      const awareness = new awarenessProtocol.Awareness(peerDoc);
      awareness.setLocalState({ flood: i });
      flood.channel.send(
        encodeMessage({
          kind: 'awareness',
          address: 'doc',
          update: awarenessProtocol.encodeAwarenessUpdate(awareness, [peerDoc.clientID]),
        }),
      );
      awareness.destroy();
      await Promise.resolve();
      await Promise.resolve();
    }
    assert.ok(flood.link.closed, 'the flood was cut off');
    assert.equal(flood.errors[0]?.code, 'too-many-awareness-clients');
    assert.ok(xDoc.awareness.getStates().size <= 64);

    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `# hostile input: ${MESSAGES} messages in ${seconds.toFixed(1)} s, slowest ${slowest.toFixed(1)} ms, ${JSON.stringify(Object.fromEntries(codes))}\n`,
    );
    assert.ok(slowest < 1000, `no message stalls the hub over 1 s (slowest ${slowest} ms)`);
    assert.ok(
      (codes.get('truncated') ?? 0) > 100 && (codes.get('invalid-update') ?? 0) > 10,
      'the errors are varied',
    );

    assert.equal(honest.closed, false, 'the honest channel is untouched');
    yDoc.doc.getText('t').insert(0, '» ');
    await settle(() => xDoc.doc.getText('t').toString().startsWith('» '), 'honest edits still arrive');
    const same = () =>
      Y.encodeStateVector(yDoc.doc).join() === Y.encodeStateVector(xDoc.doc).join() &&
      JSON.stringify(yDoc.doc.getText('t').toDelta()) === JSON.stringify(xDoc.doc.getText('t').toDelta());
    await settle(same, 'the honest peer converged with everything accepted');
  } finally {
    x.destroy();
    y.destroy();
  }
});
