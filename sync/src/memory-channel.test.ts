import assert from 'node:assert/strict';
import { it } from 'node:test';
import { messageData } from './channel.ts';
import { createMemoryChannelPair } from './memory-channel.ts';

it('delivers snapshots in order on microtasks, as ArrayBuffers', async () => {
  const [a, b] = createMemoryChannelPair();
  const got: number[][] = [];
  b.addEventListener('message', (event) => got.push([...new Uint8Array(messageData(event) as ArrayBuffer)]));
  const bytes = new Uint8Array([1, 2, 3]);
  a.send(bytes);
  bytes[0] = 9;
  a.send(bytes);
  assert.equal(a.bufferedAmount, 6);
  assert.deepEqual(got, []);
  await Promise.resolve();
  await Promise.resolve();
  assert.deepEqual(got, [
    [1, 2, 3],
    [9, 2, 3],
  ]);
  assert.equal(a.bufferedAmount, 0);
});

it('fires bufferedamountlow when the buffer drains to the threshold', async () => {
  const [a] = createMemoryChannelPair();
  let lows = 0;
  a.addEventListener('bufferedamountlow', () => lows++);
  a.bufferedAmountLowThreshold = 2;
  a.send(new Uint8Array(4));
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(lows, 1);
});

it('closes both ends with a close event each, and refuses sends after', async () => {
  const [a, b] = createMemoryChannelPair();
  const closed: string[] = [];
  a.addEventListener('close', () => closed.push('a'));
  b.addEventListener('close', () => closed.push('b'));
  b.close();
  assert.equal(a.readyState, 'closing');
  assert.throws(() => a.send(new Uint8Array(1)), { name: 'InvalidStateError' });
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(closed.sort(), ['a', 'b']);
  assert.equal(a.readyState, 'closed');
});
