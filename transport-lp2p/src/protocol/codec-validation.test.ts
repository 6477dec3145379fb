import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeMessage } from './codec.ts';
import { MessageType } from './constants.ts';
import { rawFrame as frame, assertRejects as rejects } from './testing/test-frames.ts';

/* Received messages whose CBOR is fine but whose fields do not fit the schema: 'invalid-message', naming the field. */

test('missing required fields are invalid-message, naming the field', () => {
  rejects(
    frame(MessageType.AgentInfoRequest, new Map()),
    'invalid-message',
    /requestId \(key 0\) is missing/,
  );
  rejects(frame(MessageType.DataFrame, new Map([[0, 1]])), 'invalid-message', /payload/);
  const info = new Map<number, unknown>([
    [0, 'a'],
    [1, 'b'],
    [2, []],
    [3, 's'],
  ]);
  rejects(frame(MessageType.AgentInfoEvent, new Map([[0, info]])), 'invalid-message', /agentInfo\.locales/);
});

test('unexpected integer keys are invalid-message; text-keyed extension fields are ignored', () => {
  rejects(
    frame(
      MessageType.AgentInfoRequest,
      new Map([
        [0, 1],
        [1, 2],
      ]),
    ),
    'invalid-message',
    /unexpected key 1/,
  );
  rejects(
    frame(
      MessageType.AgentInfoRequest,
      new Map([
        [0, 1],
        [-1, 2],
      ]),
    ),
    'invalid-message',
    /unexpected key -1/,
  );
  rejects(
    frame(
      MessageType.AgentInfoRequest,
      new Map<unknown, unknown>([
        [0, 1],
        [new Uint8Array(1), 2],
      ]),
    ),
    'invalid-message',
  );
  // osp-application §protocol-extension-fields: extensions are optional fields with text keys.
  const extended = frame(
    MessageType.AgentInfoRequest,
    new Map<unknown, unknown>([
      [0, 9],
      ['x-vendor', [1, { a: 2 }]],
    ]),
  );
  assert.deepEqual(decodeMessage(extended), { type: 'agent-info-request', requestId: 9 });
});

test('wrongly typed fields are invalid-message, naming the field', () => {
  const cases: [number, unknown, RegExp][] = [
    [MessageType.AgentInfoRequest, new Map([[0, 'one']]), /requestId must be a uint, got string/],
    [MessageType.AgentInfoRequest, new Map([[0, -1]]), /requestId must be a uint/],
    [MessageType.AgentInfoRequest, new Map([[0, 1.5]]), /requestId must be a uint, got float 1.5/],
    [MessageType.AgentInfoRequest, new Map([[0, 2n ** 60n]]), /requestId exceeds 2\^53 - 1/],
    [MessageType.AgentInfoRequest, new Map([[0, null]]), /got null/],
    [MessageType.AgentInfoRequest, [0, 1], /agent-info-request must be a map/],
    [MessageType.AgentInfoEvent, new Map([[0, 'x']]), /agentInfo must be a map/],
    [
      MessageType.AuthCapabilities,
      new Map<number, unknown>([
        [0, 1],
        [1, 0],
        [2, 20],
      ]),
      /pskInputMethods must be an array/,
    ],
    [
      MessageType.AuthCapabilities,
      new Map<number, unknown>([
        [0, 1],
        [1, [2]],
        [2, 20],
      ]),
      /not a psk-input-method/,
    ],
    [
      MessageType.AuthCapabilities,
      new Map<number, unknown>([
        [0, 101],
        [1, []],
        [2, 20],
      ]),
      /in 0\.\.100/,
    ],
    [
      MessageType.AuthCapabilities,
      new Map<number, unknown>([
        [0, 1],
        [1, []],
        [2, 19],
      ]),
      /in 20\.\.60/,
    ],
    [MessageType.AuthSpake2Confirmation, new Map([[0, new Uint8Array(63)]]), /must be 64 bytes, got 63/],
    [MessageType.AuthSpake2Confirmation, new Map([[0, 'x'.repeat(64)]]), /must be bytes, got string/],
    [MessageType.AuthStatus, new Map([[0, 6]]), /not a auth-status-result value: 6/],
    [
      MessageType.DataFrame,
      new Map<number, unknown>([
        [0, 3],
        [4, new Uint8Array(0)],
      ]),
      /data-channel-encoding-id/,
    ],
    [
      MessageType.DataChannelOpenRequest,
      new Map<number, unknown>([
        [0, 1],
        [1, 65_535],
        [2, ''],
        [3, ''],
      ]),
      /channelId/,
    ],
    [
      MessageType.DataChannelOpenResponse,
      new Map([
        [0, 1],
        [1, 0],
      ]),
      /not a result value: 0/,
    ],
    [
      MessageType.AuthSpake2Handshake,
      new Map<number, unknown>([
        [0, new Map([[0, 5]])],
        [1, 0],
        [2, new Uint8Array(1)],
      ]),
      /initiationToken\.token must be text/,
    ],
  ];
  for (const [typeKey, body, message] of cases) rejects(frame(typeKey, body), 'invalid-message', message);
});
