import assert from 'node:assert/strict';
import { it, mock } from 'node:test';
import { createMemoryChannelPair } from '../memory-channel.ts';
import { SyncHub } from './sync-hub.ts';

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

it('drops a remote presence after 30 s without renewal, and keeps a renewed one', async () => {
  mock.timers.enable({ apis: ['setInterval'] });
  let now = 1_000_000;
  const advance = (ms: number) => {
    now += ms;
    mock.timers.tick(ms);
  };
  try {
    const x = new SyncHub();
    const y = new SyncHub({ now: () => now });
    const [a, b] = createMemoryChannelPair();
    x.attach(a, { peerId: 'y' });
    y.attach(b, { peerId: 'x' });
    const xDoc = x.open('doc');
    const yDoc = y.open('doc');
    xDoc.awareness.setLocalState({ name: 'Ada' });
    await flush();
    assert.ok(yDoc.awareness.getStates().has(xDoc.doc.clientID));
    advance(20_000);
    xDoc.awareness.setLocalState({ name: 'Ada', cursor: 1 });
    await flush();
    advance(20_000);
    assert.ok(
      yDoc.awareness.getStates().has(xDoc.doc.clientID),
      'renewed presence stays past 30 s from the first',
    );
    advance(7_000);
    assert.ok(yDoc.awareness.getStates().has(xDoc.doc.clientID), 'not before 30 s');
    advance(4_000);
    assert.equal(
      yDoc.awareness.getStates().has(xDoc.doc.clientID),
      false,
      'gone 30 s after the last renewal',
    );
    x.destroy();
    y.destroy();
  } finally {
    mock.timers.reset();
  }
});
