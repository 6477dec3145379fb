/**
 * y-codemirror.next writes remote colours into `style` attributes: a crafted awareness state from a peer reaches
 * the editor only as `#rrggbb` colours and a bounded name.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { colorFor, MemoryDocumentStore, openWorkspace } from '@offgrid/framework';
import { createMemoryChannelPair } from '@offgrid/sync';
import { safeAwareness } from './safe-awareness.ts';

it('replaces remote colours that are not #rrggbb and names that are not strings', async () => {
  const [a, b] = [1, 2].map(() => openWorkspace({ appId: 'notes', store: new MemoryDocumentStore() })) as [
    ReturnType<typeof openWorkspace>,
    ReturnType<typeof openWorkspace>,
  ];
  const [left, right] = createMemoryChannelPair();
  a.attach(left, { peerId: 'b' });
  b.attach(right, { peerId: 'a' });
  const [here, there] = await Promise.all([a.presence('note:x'), b.presence('note:x')]);
  here.set({ name: 'Ada' });
  there.awareness.setLocalState({
    user: {
      name: 'Mallory',
      color: 'red; background-image: url(https://example.org/x)',
      colorLight: 'red;x',
    },
    cursor: null,
  });
  const deadline = Date.now() + 5000;
  while (here.awareness.getStates().size < 2) {
    assert.ok(Date.now() < deadline, 'the remote state never arrived');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const safe = safeAwareness(here.awareness, colorFor);
  const mallory = safe.getStates().get(there.awareness.clientID) as {
    user: Record<string, string>;
    cursor: null;
  };
  assert.deepEqual(mallory, {
    user: { name: 'Mallory', color: colorFor('Mallory'), colorLight: `${colorFor('Mallory')}33` },
    cursor: null,
  });
  const ada = safe.getStates().get(here.awareness.clientID) as { user: Record<string, string> };
  assert.deepEqual(ada.user, { name: 'Ada', color: colorFor('Ada'), colorLight: `${colorFor('Ada')}33` });

  there.awareness.setLocalState({ user: { name: 42, color: '#00ff00' } });
  while (
    (here.awareness.getStates().get(there.awareness.clientID) as { user: { name: unknown } }).user.name !== 42
  )
    await new Promise((resolve) => setTimeout(resolve, 5));
  assert.deepEqual((safe.getStates().get(there.awareness.clientID) as { user: unknown }).user, {
    name: 'Someone',
    color: '#00ff00',
    colorLight: '#00ff0033',
  });
  // Everything else is the awareness itself.
  assert.equal(safe.clientID, here.awareness.clientID);
  assert.equal(safe.getLocalState(), here.awareness.getLocalState());
  await Promise.all([a.close(), b.close()]);
});
