/** The granted list pages get: names from nameOf, and a change noticed within a second only while pages listen. */
import assert from 'node:assert/strict';
import { it, mock } from 'node:test';
import { GrantedPeers } from './granted-peers.ts';

it('lists granted peers with names and calls changed when the list changes while pages listen', () => {
  mock.timers.enable({ apis: ['setInterval'] });
  try {
    let granted = ['fp-ada'];
    let listening = true;
    let changes = 0;
    const peers = new GrantedPeers(
      () => granted,
      (id) => (id === 'fp-ada' ? 'Ada' : undefined),
    );
    assert.deepEqual(peers.list(), [{ id: 'fp-ada', name: 'Ada' }]);
    peers.watch(
      () => listening,
      () => changes++,
    );
    mock.timers.tick(1000);
    assert.equal(changes, 0, 'nothing changed');
    granted = ['fp-ada', 'fp-grace'];
    listening = false;
    mock.timers.tick(1000);
    assert.equal(changes, 0, 'no page listens');
    listening = true;
    mock.timers.tick(1000);
    assert.equal(changes, 1);
    assert.deepEqual(peers.list(), [
      { id: 'fp-ada', name: 'Ada' },
      { id: 'fp-grace', name: '' },
    ]);
    peers.close();
    granted = [];
    mock.timers.tick(5000);
    assert.equal(changes, 1, 'closed');
    assert.equal(new GrantedPeers(undefined, () => undefined).list(), undefined);
  } finally {
    mock.timers.reset();
  }
});
