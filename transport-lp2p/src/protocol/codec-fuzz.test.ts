import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MessageDecodeError } from '../errors/index.ts';
import { seededRandom } from '../testing/seeded-random.ts';
import { decodeMessage, encodeMessage } from './codec.ts';
import { MessageReader } from './message-reader.ts';
import { sampleMessages } from './testing/sample-messages.ts';

/*
 * Random and mutated frames must decode to a schema-valid message or fail with MessageDecodeError; nothing
 * else, and never hang. Replay a failure with FUZZ_SEED=<seed printed in the assertion message>.
 */

const ITERATIONS = 100_000;
const TIME_BUDGET_MS = 20_000;
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

const seeds = sampleMessages()
  .filter((m) => m.type !== 'data-frame' || m.payload.length < 1000)
  .map(encodeMessage);

function mutate(random: () => number): Uint8Array {
  const int = (n: number): number => Math.floor(random() * n);
  const base = seeds[int(seeds.length)] as Uint8Array;
  const bytes = [...base];
  switch (int(7)) {
    case 0: // bit flips
      for (let n = 1 + int(3); n > 0; n--) {
        const at = int(bytes.length);
        bytes[at] = (bytes[at] as number) ^ (1 << int(8));
      }
      break;
    case 1: // truncation
      bytes.length = int(bytes.length);
      break;
    case 2: // insertion
      bytes.splice(int(bytes.length + 1), 0, ...Array.from({ length: 1 + int(4) }, () => int(256)));
      break;
    case 3: // deletion
      bytes.splice(int(bytes.length), 1 + int(3));
      break;
    case 4: {
      // length-field corruption: give a string/array/map header a long, arbitrary argument
      const headers = bytes.flatMap((b, i) => (i > 0 && b >> 5 >= 2 && b >> 5 <= 5 ? [i] : []));
      const at = headers[int(headers.length)] ?? 1;
      const info = 24 + int(4);
      const argument = Array.from({ length: 1 << (info - 24) }, () => (random() < 0.5 ? 0xff : int(256)));
      bytes.splice(at, 1, ((bytes[at] ?? 0x40) & 0xe0) | info, ...argument);
      break;
    }
    case 5: // two frames spliced together
      bytes.push(...(seeds[int(seeds.length)] as Uint8Array).subarray(int(8)));
      break;
    default: {
      // random bytes, behind a known type key half the time
      const noise = Array.from({ length: int(40) }, () => int(256));
      return new Uint8Array(
        random() < 0.5 ? [...base.subarray(0, base[0] === 0x0a ? 1 : 2), ...noise] : noise,
      );
    }
  }
  return new Uint8Array(bytes);
}

test(`fuzz: ${ITERATIONS} random and mutated frames give a message or a MessageDecodeError (seed ${seed})`, {
  timeout: 60_000,
}, () => {
  const random = seededRandom(seed);
  const started = performance.now();
  const outcomes = new Map<string, number>();
  let iterations = 0;
  for (; iterations < ITERATIONS && performance.now() - started < TIME_BUDGET_MS; iterations++) {
    const frame = mutate(random);
    let outcome: string;
    try {
      const message = decodeMessage(frame);
      // Whatever decodes is schema-valid: it re-encodes, and the result decodes to the same message.
      assert.deepEqual(decodeMessage(encodeMessage(message)), message, `seed ${seed}`);
      outcome = 'message';
    } catch (error) {
      if (!(error instanceof MessageDecodeError))
        throw new Error(`seed ${seed}: untyped error`, { cause: error });
      outcome = error.code;
    }
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    if (iterations % 16 === 0) {
      const reader = new MessageReader();
      const cut = Math.floor(random() * (frame.length + 1));
      try {
        reader.push(frame.subarray(0, cut));
        reader.push(frame.subarray(cut));
        reader.end();
      } catch (error) {
        if (!(error instanceof MessageDecodeError))
          throw new Error(`seed ${seed}: untyped error`, { cause: error });
      }
    }
  }
  assert.ok(iterations >= 10_000, `only ${iterations} iterations in the time budget`);
  // The mutations must reach every layer, or the fuzzer tests less than it claims.
  for (const code of [
    'message',
    'truncated',
    'malformed-cbor',
    'invalid-message',
    'frame-too-large',
    'unknown-type-key',
  ]) {
    assert.ok((outcomes.get(code) ?? 0) > 0, `no ${code} outcome: ${JSON.stringify([...outcomes])}`);
  }
});
