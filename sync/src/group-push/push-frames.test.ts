import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as encoding from 'lib0/encoding';
import { GroupPushError, PushProtocolError } from '../errors/group-push-error.ts';
import { decodeFrame } from './push-frame-decoder.ts';
import { encodeFrame, encodePiece, FrameType, type PushFrame } from './push-frames.ts';
import { defaultPushLimits, maxFrameBytes } from './push-limits.ts';
import { decodeManifest, encodeManifest, type PushManifest } from './push-manifest.ts';
import { testBytes } from './testing/push-mesh.ts';

const id = testBytes(32, 9);
const limits = defaultPushLimits;

const samples: Array<Exclude<PushFrame, { type: 'piece' }>> = [
  { type: 'offer', id, manifest: testBytes(100, 2), group: 'class 3b', members: ['a', 'b', 'ü'] },
  { type: 'accept', id, neighbours: ['b', 'c'] },
  { type: 'decline', id, reason: 1 },
  { type: 'have-all', id, bits: new Uint8Array([0b101, 0]) },
  { type: 'have', id, index: 300 },
  { type: 'request', id, index: 7, direct: true },
  { type: 'no-chunk', id, index: 0 },
  { type: 'redirect', id, index: 5, holder: 'c' },
  { type: 'done', id },
  { type: 'cancel', id, reason: 0 },
  { type: 'end', id },
];

function manifest(overrides: Partial<PushManifest> = {}): PushManifest {
  return {
    kind: 'file',
    name: 'a.bin',
    mediaType: 'application/octet-stream',
    totalBytes: 600 * 1024,
    chunkSize: 256 * 1024,
    chunkCount: 3,
    sha256: testBytes(32, 1),
    chunkHashes: testBytes(96, 2),
    ...overrides,
  };
}

describe('push frames', () => {
  it('round-trips every frame type', () => {
    for (const frame of samples) assert.deepEqual(decodeFrame(encodeFrame(frame), limits), frame);
    const piece = decodeFrame(encodePiece(id, 3, 65536, testBytes(1000, 4)), limits);
    assert.deepEqual(piece, { type: 'piece', id, index: 3, offset: 65536, bytes: testBytes(1000, 4) });
  });

  it('starts with the type as a varUint and the 32-byte transfer id', () => {
    const bytes = encodeFrame({ type: 'request', id, index: 1, direct: false });
    assert.deepEqual([...bytes], [FrameType.request, ...id, 1, 0]);
  });

  it('refuses a frame over the limit before decoding it', () => {
    const huge = new Uint8Array(maxFrameBytes(limits) + 1);
    assert.throws(() => decodeFrame(huge, limits), { name: 'PushProtocolError', code: 'frame-too-large' });
  });

  it('refuses counts and lengths over the caps, huge varints and trailing bytes', () => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, FrameType.offer);
    encoding.writeUint8Array(e, id);
    encoding.writeVarUint(e, 2 ** 53); // manifest length
    const cases = [
      encoding.toUint8Array(e),
      new Uint8Array([FrameType.have, ...id, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]),
      new Uint8Array([FrameType.have, ...id, 0x80, 0x80, 0x01]), // index 16384 ≥ maxChunks
      new Uint8Array([FrameType.accept, ...id, 65]), // 65 neighbours > maxMembers
      new Uint8Array([FrameType.done, ...id, 0]),
      new Uint8Array([99, ...id]),
      new Uint8Array([FrameType.piece, ...id, 0, 0]), // empty piece
      new Uint8Array([FrameType.redirect, ...id, 0, 2, 0xc3, 0x28]), // invalid UTF-8
    ];
    for (const bytes of cases) {
      assert.throws(() => decodeFrame(bytes, limits), { name: 'PushProtocolError', code: 'malformed-frame' });
    }
  });

  it('throws only PushProtocolError on truncated and mutated frames (bounded fuzz)', () => {
    let x = 12345;
    const random = (n: number): number => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return (x >>> 0) % n;
    };
    const valid = [...samples.map((f) => encodeFrame(f)), encodePiece(id, 1, 0, testBytes(64, 5))];
    let decoded = 0;
    for (let round = 0; round < 20_000; round++) {
      const base = valid[random(valid.length)] as Uint8Array;
      let bytes: Uint8Array;
      if (round % 3 === 0) bytes = base.subarray(0, random(base.length));
      else if (round % 3 === 1) {
        bytes = base.slice();
        for (let flips = 1 + random(4); flips > 0; flips--) bytes[random(bytes.length)] = random(256);
      } else bytes = testBytes(random(80), round + 1);
      try {
        decodeFrame(bytes, limits);
        decoded++;
      } catch (error) {
        assert.ok(error instanceof PushProtocolError, `unexpected ${String(error)}`);
      }
    }
    assert.ok(decoded > 0, 'some mutations still decode');
  });
});

describe('push manifest', () => {
  it('round-trips', () => {
    const m = manifest();
    assert.deepEqual(decodeManifest(encodeManifest(m), limits), m);
  });

  it('says limit-exceeded for a manifest claiming 2^53 bytes, before reading any hash', () => {
    const bytes = encodeManifest(
      manifest({ totalBytes: 2 ** 53, chunkCount: 2 ** 33, chunkHashes: new Uint8Array() }),
    );
    assert.throws(() => decodeManifest(bytes, limits), { name: 'GroupPushError', code: 'limit-exceeded' });
  });

  it('says limit-exceeded over the chunk-count and manifest-size caps', () => {
    const small = { ...limits, maxChunks: 2 };
    assert.throws(() => decodeManifest(encodeManifest(manifest()), small), { code: 'limit-exceeded' });
    const tiny = { ...limits, maxManifestBytes: 50 };
    assert.throws(() => decodeManifest(encodeManifest(manifest()), tiny), { code: 'limit-exceeded' });
  });

  it('says bad-manifest for inconsistent fields', () => {
    const cases = [
      manifest({ chunkCount: 4 }),
      manifest({ chunkSize: 1000 }),
      manifest({ chunkHashes: testBytes(64, 2) }),
      manifest({ name: 'x'.repeat(300) }),
    ];
    for (const m of cases) {
      assert.throws(
        () => decodeManifest(encodeManifest(m), limits),
        (error: unknown) => error instanceof GroupPushError && error.code === 'bad-manifest',
      );
    }
  });
});
