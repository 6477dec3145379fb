import assert from 'node:assert/strict';
import { it } from 'node:test';
import { MEMORY_DATAGRAM_SIZE } from './memory-datagrams.ts';
import { createMemorySessionPair } from './memory-session.ts';
import type { SessionDatagrams } from './session.ts';

function collect(datagrams: SessionDatagrams): Uint8Array[] {
  const received: Uint8Array[] = [];
  datagrams.ondatagram = (payload) => received.push(payload);
  return received;
}

const nextTask = () => new Promise((resolve) => setImmediate(resolve));

it('memory datagrams reach the peer in a later task, as copies', async () => {
  const [a, b] = createMemorySessionPair();
  const received = collect(b.datagrams as SessionDatagrams);
  const payload = Uint8Array.of(1, 2);
  assert.equal(a.datagrams?.send(payload, 8), 0);
  payload[0] = 9;
  assert.equal(received.length, 0, 'not delivered within the sending task');
  await nextTask();
  assert.deepEqual(received, [Uint8Array.of(1, 2)]);
});

it('memory datagrams: a payload over maxSize is dropped, and maxQueued drops the oldest unsent', async () => {
  const [a, b] = createMemorySessionPair();
  const datagrams = a.datagrams as SessionDatagrams;
  const received = collect(b.datagrams as SessionDatagrams);
  assert.equal(datagrams.maxSize, MEMORY_DATAGRAM_SIZE);
  assert.equal(datagrams.send(new Uint8Array(MEMORY_DATAGRAM_SIZE + 1), 8), 1);
  let dropped = 0;
  for (let n = 0; n < 5; n++) dropped += datagrams.send(Uint8Array.of(n), 2);
  assert.equal(dropped, 3);
  await nextTask();
  assert.deepEqual(
    received.map((d) => d[0]),
    [3, 4],
  );
});

it('memory datagrams stop with the session: send drops, queued ones are not delivered', async () => {
  const [a, b] = createMemorySessionPair();
  const received = collect(b.datagrams as SessionDatagrams);
  assert.equal(a.datagrams?.send(Uint8Array.of(1), 8), 0);
  await a.close();
  await nextTask();
  assert.deepEqual(received, []);
  assert.equal(a.datagrams?.maxSize, 0);
  assert.equal(a.datagrams?.send(Uint8Array.of(2), 8), 1);
});
