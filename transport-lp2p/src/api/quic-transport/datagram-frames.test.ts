import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QuicTransportError } from '../../errors/quic-transport-errors.ts';
import { seededRandom } from '../../testing/seeded-random.ts';
import { DatagramFrameReader, encodeDatagramFrames } from './datagram-frames.ts';

const isViolation = (e: unknown) => e instanceof QuicTransportError && e.code === 'protocol-violation';

describe('datagram frames', () => {
  it('round-trips datagrams of every varint length class, however the bytes are chunked', () => {
    const SEED = 0x5eed;
    const random = seededRandom(SEED);
    for (let round = 0; round < 50; round++) {
      const datagrams = Array.from({ length: 1 + Math.floor(random() * 20) }, (_, i) => {
        const size = [0, 1, 63, 64, 1200][i % 5] as number;
        return Uint8Array.from({ length: size }, () => Math.floor(random() * 256));
      });
      const wire = encodeDatagramFrames(datagrams);
      const reader = new DatagramFrameReader(1200);
      const received: Uint8Array[] = [];
      for (let offset = 0; offset < wire.length; ) {
        const size = 1 + Math.floor(random() * 300);
        received.push(...reader.push(wire.subarray(offset, offset + size)));
        offset += size;
      }
      assert.deepEqual(received, datagrams, `seed ${SEED} round ${round}`);
      assert.equal(reader.partial, false);
    }
  });

  it('uses a 1-byte length below 64 bytes and a 2-byte length up to 16383', () => {
    assert.deepEqual(encodeDatagramFrames([Uint8Array.of(7)]), Uint8Array.of(1, 7));
    assert.equal(encodeDatagramFrames([new Uint8Array(64)]).length, 66);
  });

  it('refuses a frame longer than the maximum as soon as its length is read', () => {
    const reader = new DatagramFrameReader(1200);
    const header = encodeDatagramFrames([new Uint8Array(1201)]).subarray(0, 2);
    assert.throws(() => reader.push(header), isViolation);
  });

  it('refuses an 8-byte length beyond 2^53 without allocating', () => {
    const reader = new DatagramFrameReader(1200);
    assert.throws(() => reader.push(new Uint8Array(8).fill(0xff)), isViolation);
  });

  it('reports a frame cut off by the end of the stream', () => {
    const reader = new DatagramFrameReader(1200);
    assert.deepEqual(reader.push(encodeDatagramFrames([new Uint8Array(10)]).subarray(0, 5)), []);
    assert.equal(reader.partial, true);
  });

  it('fuzz: random bytes yield datagrams within the limit or a protocol violation, nothing else', () => {
    const SEED = 0xf022;
    const random = seededRandom(SEED);
    for (let round = 0; round < 2000; round++) {
      const reader = new DatagramFrameReader(64);
      try {
        for (let chunk = 0; chunk < 4; chunk++) {
          const bytes = Uint8Array.from({ length: Math.floor(random() * 80) }, () =>
            Math.floor(random() * 256),
          );
          for (const datagram of reader.push(bytes)) assert.ok(datagram.byteLength <= 64);
        }
      } catch (error) {
        assert.ok(isViolation(error), `seed ${SEED} round ${round}: ${String(error)}`);
      }
    }
  });

  it('hands out copies that do not pin the received chunk', () => {
    const wire = encodeDatagramFrames([Uint8Array.of(1, 2, 3)]);
    const [datagram] = new DatagramFrameReader(1200).push(wire);
    assert.ok(datagram);
    assert.equal(datagram.buffer.byteLength, 3);
  });
});
