import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  decodeAgentMessage,
  decodePageRequest,
  encodeRelay,
  fromBase64,
  MAX_RELAY_FRAME,
  type PageRequest,
  ShareRelayError,
  toBase64,
} from './relay-protocol.ts';

it('round-trips every page request', () => {
  const requests: PageRequest[] = [
    { op: 'subscribe' },
    { op: 'share-document', id: 1, name: 'notes/1', to: ['fp'], sv: 'AA==' },
    { op: 'file-start', id: 2, name: 'a.bin', type: 'application/octet-stream', size: 10, to: ['fp'] },
    { op: 'data', id: 2, data: toBase64(new Uint8Array([1, 2, 3])) },
    { op: 'accept', id: 3, transferId: 'ab', as: 'copy' },
    { op: 'decline', id: 4, transferId: 'ab' },
    { op: 'cancel', id: 5, transferId: 'ab' },
    { op: 'fetch', id: 6, transferId: 'ab' },
  ];
  for (const request of requests) assert.deepEqual(decodePageRequest(encodeRelay(request)), request);
});

it('refuses frames by size before parsing, and wrong fields with typed codes', () => {
  const code = (text: string) => {
    try {
      decodePageRequest(text);
      return 'accepted';
    } catch (error) {
      assert.ok(error instanceof ShareRelayError);
      return error.code;
    }
  };
  assert.equal(
    code(`{"t":"offgrid/share","v":1,"op":"subscribe","x":"${'a'.repeat(MAX_RELAY_FRAME)}"}`),
    'too-large',
  );
  assert.equal(code('not json'), 'malformed');
  assert.equal(code('{"t":"offgrid/share","v":2,"op":"subscribe"}'), 'malformed');
  assert.equal(code('{"t":"offgrid/share","v":1,"op":"accept","id":-1,"transferId":"a"}'), 'malformed');
  assert.equal(code('{"t":"offgrid/share","v":1,"op":"accept","id":1,"transferId":5}'), 'malformed');
  assert.equal(
    code(
      `{"t":"offgrid/share","v":1,"op":"share-document","id":1,"name":"n","to":${JSON.stringify(Array(257).fill('p'))}}`,
    ),
    'malformed',
  );
  assert.equal(code('{"t":"offgrid/share","v":1,"op":"nope","id":1}'), 'unknown-op');
  assert.equal(code('null'), 'malformed');
});

it('decodes the agent’s state with or without its paired peers, and refuses paired that is not a list', () => {
  const snapshot = { offers: [], incoming: [], outgoing: [] };
  const state = { op: 'state' as const, peers: [{ id: 'fp-a', name: 'Ada' }], snapshot };
  assert.deepEqual(decodeAgentMessage(encodeRelay(state)), { t: 'offgrid/share', v: 1, ...state });
  const paired = { ...state, paired: [{ id: 'fp-g', name: 'Grace' }] };
  assert.deepEqual(decodeAgentMessage(encodeRelay(paired)), { t: 'offgrid/share', v: 1, ...paired });
  assert.throws(
    () => decodeAgentMessage(encodeRelay({ ...state, paired: 'Grace' } as never)),
    (error: unknown) => error instanceof ShareRelayError && error.code === 'malformed',
  );
});

it('turns random and mutated frames into ShareRelayError only (bounded fuzz, seeded)', () => {
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const base = encodeRelay({ op: 'file-start', id: 2, name: 'a', type: 't', size: 3, to: ['fp'] });
  for (let i = 0; i < 2000; i++) {
    const chars = [...base];
    for (let k = 0; k < 1 + Math.floor(random() * 4); k++)
      chars[Math.floor(random() * chars.length)] = String.fromCharCode(32 + Math.floor(random() * 95));
    for (const decode of [decodePageRequest, decodeAgentMessage]) {
      try {
        decode(chars.join(''));
      } catch (error) {
        assert.ok(error instanceof ShareRelayError, String(error));
      }
    }
  }
});

it('base64 round-trips bytes and refuses what is not base64', () => {
  const bytes = new Uint8Array(100_000).map((_, i) => (i * 7) & 255);
  assert.deepEqual(fromBase64(toBase64(bytes)), bytes);
  assert.throws(() => fromBase64('not base64!'), { name: 'ShareRelayError', code: 'malformed' });
});
