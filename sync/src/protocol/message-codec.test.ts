import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OutgoingMessage } from '@hocuspocus/server';
import * as Y from 'yjs';
import { SyncProtocolError } from '../errors/sync-protocol-error.ts';
import { decodeMessage } from './decode-message.ts';
import { encodeMessage } from './encode-message.ts';
import type { SyncMessage } from './sync-message.ts';

const doc = new Y.Doc();
doc.getText('t').insert(0, 'hi');
const update = Y.encodeStateAsUpdate(doc);
const sv = Y.encodeStateVector(doc);

describe('message codec', () => {
  it('encodes byte for byte what the Hocuspocus server encodes', () => {
    const pairs: Array<[SyncMessage, Uint8Array]> = [
      [
        { kind: 'sync-step1', address: 'notes', stateVector: sv, reply: false },
        new OutgoingMessage('notes')
          .createSyncMessage()
          .writeFirstSyncStepFor(doc as never)
          .toUint8Array(),
      ],
      [
        { kind: 'update', address: 'notes', update, reply: false },
        new OutgoingMessage('notes').createSyncMessage().writeUpdate(update).toUint8Array(),
      ],
      [
        { kind: 'sync-status', address: 'n', applied: true },
        new OutgoingMessage('n').writeSyncStatus(true).toUint8Array(),
      ],
      [
        { kind: 'sync-status', address: 'n', applied: false },
        new OutgoingMessage('n').writeSyncStatus(false).toUint8Array(),
      ],
      [
        { kind: 'auth-ok', address: 'n', scope: 'readonly' },
        new OutgoingMessage('n').writeAuthenticated(true).toUint8Array(),
      ],
      [
        { kind: 'auth-denied', address: 'n', reason: 'permission-denied' },
        new OutgoingMessage('n').writePermissionDenied('permission-denied').toUint8Array(),
      ],
      [
        { kind: 'auth-token-request', address: 'n' },
        new OutgoingMessage('n').writeTokenSyncRequest().toUint8Array(),
      ],
      [
        { kind: 'query-awareness', address: 'n' },
        new OutgoingMessage('n').writeQueryAwareness().toUint8Array(),
      ],
      [
        { kind: 'stateless', address: 'n', payload: '{"a":1}' },
        new OutgoingMessage('n').writeStateless('{"a":1}').toUint8Array(),
      ],
      [
        { kind: 'close', address: 'n', reason: 'bye' },
        new OutgoingMessage('n').writeCloseMessage('bye').toUint8Array(),
      ],
    ];
    for (const [ours, theirs] of pairs) {
      assert.deepEqual([...encodeMessage(ours)], [...theirs], ours.kind);
      assert.deepEqual(decodeMessage(theirs), ours, ours.kind);
    }
  });

  it('round-trips every kind, including session addresses and the provider auth with version', () => {
    const messages: SyncMessage[] = [
      { kind: 'sync-step2', address: 'a\0s1', update, reply: true },
      { kind: 'awareness', address: 'ä', update: new Uint8Array([1, 2, 3]) },
      { kind: 'auth-token', address: 'a', token: 'tok' },
      { kind: 'auth-token', address: 'a', token: 'tok', version: '4.8.0' },
      { kind: 'broadcast-stateless', address: 'a', payload: 'x' },
      { kind: 'close', address: 'a' },
      { kind: 'ping' },
      { kind: 'pong' },
    ];
    for (const message of messages) assert.deepEqual(decodeMessage(encodeMessage(message)), message);
  });

  it('gives the byte-level example of docs/sync-protocol.md', () => {
    const bytes = encodeMessage({ kind: 'sync-status', address: 'notes', applied: true });
    assert.deepEqual([...bytes], [0x05, 0x6e, 0x6f, 0x74, 0x65, 0x73, 0x08, 0x01]);
    const empty = new Y.Doc();
    const step1 = encodeMessage({
      kind: 'sync-step1',
      address: 'notes',
      stateVector: Y.encodeStateVector(empty),
      reply: false,
    });
    assert.deepEqual([...step1], [0x05, 0x6e, 0x6f, 0x74, 0x65, 0x73, 0x00, 0x00, 0x01, 0x00]);
    const auth = encodeMessage({ kind: 'auth-token', address: 'notes', token: 'tk' });
    assert.deepEqual([...auth], [0x05, 0x6e, 0x6f, 0x74, 0x65, 0x73, 0x02, 0x00, 0x02, 0x74, 0x6b]);
    const one = new Y.Doc();
    one.clientID = 7;
    one.getText('t').insert(0, 'a');
    const update = encodeMessage({
      kind: 'update',
      address: 'notes',
      update: Y.encodeStateAsUpdate(one),
      reply: false,
    });
    assert.deepEqual(
      [...update],
      [
        0x05, 0x6e, 0x6f, 0x74, 0x65, 0x73, 0x00, 0x02, 0x0b, 0x01, 0x01, 0x07, 0x00, 0x04, 0x01, 0x01, 0x74,
        0x01, 0x61, 0x00,
      ],
    );
  });

  it('rejects bad input with typed errors before allocating', () => {
    const code = (bytes: number[], limits?: Parameters<typeof decodeMessage>[1]) => {
      try {
        decodeMessage(new Uint8Array(bytes), limits);
      } catch (error) {
        assert.ok(error instanceof SyncProtocolError);
        return error.code;
      }
      return 'ok';
    };
    assert.equal(code([]), 'truncated');
    assert.equal(code([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), 'varint-too-large');
    assert.equal(code([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]), 'varint-too-large');
    assert.equal(code([1, 0x61, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x0f]), 'message-too-large');
    assert.equal(code([1, 0x61, 0, 0, 5, 1]), 'truncated');
    assert.equal(code([5, 0x61]), 'truncated');
    assert.equal(code([1, 0x61, 42]), 'unknown-message-type');
    assert.equal(code([1, 0x61, 0, 7, 0]), 'unknown-message-type');
    assert.equal(code([1, 0xff, 8, 1]), 'invalid-utf8');
    assert.equal(
      code([3, 0x61, 0x61, 0x61, 8, 1], { maxMessageBytes: 100, maxNameBytes: 2, maxStringBytes: 10 }),
      'name-too-long',
    );
    assert.equal(
      code([1, 0x61, 8, 1], { maxMessageBytes: 3, maxNameBytes: 2, maxStringBytes: 10 }),
      'message-too-large',
    );
  });
});
