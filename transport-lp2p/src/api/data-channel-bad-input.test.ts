/**
 * A misbehaving peer, played by hand on a raw agent connection, against an LP2PConnection: every bad input
 * ends in a typed error and a closed channel (or, for broken framing, connection), never a crash.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, it } from 'node:test';
import type { MessageStream } from '../agent/index.ts';
import { DataChannelError } from '../errors/index.ts';
import { encodeMessage, type OspMessage, ResultCode } from '../protocol/index.ts';
import { rawFrame } from '../protocol/testing/test-frames.ts';
import { createLP2PConnection, type LP2PConnection } from './lp2p-connection.ts';
import type { LP2PDataChannel } from './lp2p-data-channel.ts';
import type { LP2PErrorEvent } from './lp2p-events.ts';
import { incoming, nextEvent } from './testing/channel-helpers.ts';
import { type AgentPair, agentPair } from './testing/lp2p-pair.ts';

let pair: AgentPair;
let lp2p: LP2PConnection;
beforeEach(async () => {
  pair = await agentPair('memory');
  lp2p = createLP2PConnection(pair.clientAgent);
});
afterEach(() => pair.close());

type OpenRequest = Extract<OspMessage, { type: 'data-channel-open-request' }>;
const openRequest = (channelId: number): OpenRequest => ({
  type: 'data-channel-open-request',
  requestId: 9000 + channelId,
  channelId,
  label: 'raw',
  protocol: '',
});

/** The raw peer opens a channel to us; resolves with its stream and our side of the channel. */
async function rawOpen(channelId = 1): Promise<{ stream: MessageStream; channel: LP2PDataChannel }> {
  const arriving = incoming(lp2p);
  const stream = await pair.serverAgent.openStream();
  await stream.send(openRequest(channelId));
  const response = await stream.next();
  assert.equal(response?.type === 'data-channel-open-response' && response.result, ResultCode.Success);
  return { stream, channel: await arriving };
}

/** The error the channel fires, after which it must be closed. */
async function channelError(channel: LP2PDataChannel): Promise<DataChannelError> {
  const closed = nextEvent(channel, 'close');
  const { error } = await nextEvent<LP2PErrorEvent>(channel, 'error');
  await closed;
  assert.equal(channel.readyState, 'closed');
  assert.ok(error instanceof DataChannelError);
  return error;
}

/** Raw-peer handler for our open requests; `answer` plays the misbehaviour. */
function rawAnswer(answer: (request: OpenRequest, stream: MessageStream) => Promise<void>): void {
  pair.serverAgent.handle('data-channel-open-request', async (first, stream) => {
    if (first.type === 'data-channel-open-request') await answer(first, stream);
  });
}

it('fails only the channel for a data-frame with an unknown encoding id', async () => {
  const { stream, channel } = await rawOpen();
  const failing = channelError(channel);
  await stream.sendEncoded(
    rawFrame(
      24,
      new Map<number, unknown>([
        [0, 7],
        [4, new Uint8Array([1])],
      ]),
    ),
  );
  assert.equal((await failing).code, 'invalid-message');
  // The connection is untouched: a new channel still works.
  await rawOpen(3);
  assert.equal(await Promise.race([pair.clientAgent.closed.then(() => 'closed'), 'open']), 'open');
});

it('fails the channel for a second open request on its stream', async () => {
  const { stream, channel } = await rawOpen();
  const failing = channelError(channel);
  await stream.send(openRequest(5));
  assert.equal((await failing).code, 'unexpected-message');
  // Its stream was reset, so the peer's next read fails.
  await assert.rejects(stream.next());
});

it('refuses an open request for an id in use, and resets the stream if the peer sends on it anyway', async () => {
  await rawOpen(1);
  const stream = await pair.serverAgent.openStream();
  await stream.send(openRequest(1));
  const response = await stream.next();
  assert.equal(response?.type === 'data-channel-open-response' && response.result, ResultCode.PermanentError);
  assert.equal(await stream.next(), undefined, 'the refusing side ends its half');
  // The refusing side resets the stream on the first frame, so writing soon fails.
  const frame = { type: 'data-frame', encodingId: 1, payload: new Uint8Array([104, 105]) } as const;
  await assert.rejects(async () => {
    for (let i = 0; i < 100; i++) {
      await stream.send(frame);
      await new Promise(setImmediate);
    }
  });
});

it('closes the connection with 400 for a malformed frame on a channel, failing the channel', async () => {
  const { stream, channel } = await rawOpen();
  const failing = channelError(channel);
  await stream.sendEncoded(new Uint8Array([24, 0xa2, 0x00, 0x01, 0x04, 0x5f])); // indefinite-length bytes
  assert.equal((await failing).code, 'malformed-frame');
  assert.equal((await pair.serverAgent.closed).code, 400);
});

it('closes the connection with 404 for an unknown type key on a channel', async () => {
  const { stream, channel } = await rawOpen();
  const failing = channelError(channel);
  await stream.sendEncoded(rawFrame(4242, new Map([[0, 1]])));
  assert.equal((await failing).code, 'malformed-frame');
  const info = await pair.serverAgent.closed;
  assert.equal(info.code, 404);
  assert.match(info.reason, /4242/);
});

it('errors then closes a channel whose open the peer rejects', async () => {
  rawAnswer(async (request, stream) => {
    await stream.send({ type: 'data-channel-open-response', requestId: request.requestId, result: 101 });
    await stream.finish();
  });
  const channel = lp2p.createDataChannel('refused');
  const error = await channelError(channel);
  assert.equal(error.code, 'open-rejected');
  assert.equal(error.result, ResultCode.TransientError);
});

it('fails a channel that gets a data-frame before its open response', async () => {
  rawAnswer(async (_, stream) => {
    await stream.send({ type: 'data-frame', encodingId: 1, payload: new Uint8Array([104]) });
  });
  const error = await channelError(lp2p.createDataChannel('early'));
  assert.equal(error.code, 'unexpected-message');
});

it('fails a channel whose peer ends the stream without answering', async () => {
  rawAnswer((_, stream) => stream.finish());
  const error = await channelError(lp2p.createDataChannel('ignored'));
  assert.equal(error.code, 'open-failed');
});

it('fails a channel whose answer carries another request id', async () => {
  rawAnswer(async (request, stream) => {
    const wrong = {
      type: 'data-channel-open-response',
      requestId: request.requestId + 1,
      result: 1,
    } as const;
    await stream.sendEncoded(encodeMessage(wrong));
  });
  const error = await channelError(lp2p.createDataChannel('confused'));
  assert.equal(error.code, 'unexpected-message');
});
