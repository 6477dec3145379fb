/** When a channel the peer opened is announced (WebRTC §6.2 "announce the data channel as open"). */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { createLP2PConnection } from './lp2p-connection.ts';
import type { LP2PDataChannel } from './lp2p-data-channel.ts';
import { messages, nextEvent } from './testing/channel-helpers.ts';
import { type AgentPair, agentPair } from './testing/lp2p-pair.ts';

let pair: AgentPair;
beforeEach(async () => {
  pair = await agentPair('memory');
});
afterEach(() => pair.close());

it('announces a channel the peer opened early to a handler set later in the same task', {
  timeout: 5000,
}, async () => {
  const client = createLP2PConnection(pair.clientAgent);
  const early = client.createDataChannel('early');
  // The open request arrives while this side has no LP2PConnection yet: the agent holds its stream.
  await delay(50);
  assert.equal(early.readyState, 'connecting');

  // As an application does that gets the connection and sets its handler a few continuations later.
  const server = createLP2PConnection(pair.serverAgent);
  for (let i = 0; i < 3; i++) await Promise.resolve();
  const announced = Promise.withResolvers<LP2PDataChannel>();
  server.ondatachannel = ({ channel }) => announced.resolve(channel);

  const channel = await announced.promise;
  assert.equal(channel.label, 'early');
  assert.equal(channel.readyState, 'open');
  await nextEvent(early, 'open');
  const got = messages(channel, 1);
  early.send('first');
  assert.deepEqual(await got, ['first']);
});

it('announces the channel before the requester sees it open', { timeout: 5000 }, async () => {
  const client = createLP2PConnection(pair.clientAgent);
  const server = createLP2PConnection(pair.serverAgent);
  const order: string[] = [];
  const local = client.createDataChannel('ordered');
  local.onopen = () => order.push('requester open');
  server.ondatachannel = () => order.push('datachannel');
  await nextEvent(local, 'open');
  assert.deepEqual(order, ['datachannel', 'requester open']);
});
