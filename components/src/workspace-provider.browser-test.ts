/**
 * The elements wired to the real framework: two workspaces in one page (memory stores, memory channels), each
 * inside an `<offgrid-workspace>`. Device A shares a document by keyboard through `<offgrid-share-nearby>`; B
 * accepts it by keyboard in `<offgrid-import-nearby>` and the document merges into B's workspace; the sync
 * status and presence follow their workspace's events.
 */
import './index.ts';
import { MemoryDocumentStore, NearbyShare, openWorkspace } from '@offgrid/framework';
import { createMemoryChannelPair } from '@offgrid/sync';
import {
  after,
  assert,
  axNodes,
  axText,
  before,
  clearPage,
  describe,
  it,
  pierce,
  press,
  waitFor,
} from './testing/browser-test-kit.ts';

const device = (id: string) => {
  const workspace = openWorkspace({ appId: 'notes', store: new MemoryDocumentStore() });
  return { workspace, share: new NearbyShare(workspace, { id }) };
};

const shadowText = (selector: string) => document.querySelector(selector)?.shadowRoot?.textContent ?? '';

describe('elements wired to a framework Workspace', () => {
  const a = device('dev-a');
  const b = device('dev-b');
  before(async () => {
    const [pushA, pushB] = createMemoryChannelPair();
    a.share.addPeer('dev-b', pushA);
    b.share.addPeer('dev-a', pushB);
    document.body.innerHTML = `
      <offgrid-workspace id="A" document="shopping">
        <offgrid-sync-status></offgrid-sync-status>
        <offgrid-presence show-names></offgrid-presence>
        <offgrid-share-nearby document="shopping"></offgrid-share-nearby>
      </offgrid-workspace>
      <offgrid-workspace id="B" document="shopping">
        <offgrid-import-nearby></offgrid-import-nearby>
      </offgrid-workspace>`;
    Object.assign(document.getElementById('A') as HTMLElement, {
      workspace: a.workspace,
      share: a.share,
      peers: [{ id: 'dev-b', name: 'Bob’s tablet', verified: true }],
    });
    Object.assign(document.getElementById('B') as HTMLElement, {
      workspace: b.workspace,
      share: b.share,
      peers: [{ id: 'dev-a', name: 'Ada’s laptop', verified: true }],
    });
    a.workspace.doc('shopping').getText('t').insert(0, 'milk');
    (await a.workspace.presence('shopping')).set({ name: 'Ada Lovelace' });
    await a.workspace.whenSaved();
  });
  after(async () => {
    clearPage();
    for (const { share, workspace } of [a, b]) {
      share.close();
      await workspace.close();
    }
  });

  it('the badge and the people follow the workspace’s events', async () => {
    await waitFor(() => shadowText('offgrid-presence').includes('Ada Lovelace (you)'));
    assert.match(shadowText('offgrid-sync-status'), /Offline/);
    // A link to a peer: the workspace's `status` event reaches the badge with no code of the app's.
    const [one] = createMemoryChannelPair();
    a.workspace.attach(one, { peerId: 'elsewhere' });
    await waitFor(() => shadowText('offgrid-sync-status').includes('Nearby only'));
    const list = (await axNodes()).find(
      (node) => node.role === 'list' && node.name.startsWith('People here'),
    );
    assert.equal(list?.name, 'People here, 1');
  });

  it('shares a document by keyboard; the receiver accepts by keyboard; it merges into the receiver’s workspace', async () => {
    // In A's share form: the peer list's option (one Tab stop), then Share.
    pierce('[role="option"]').focus();
    await press('Space');
    await press('Tab');
    const shareButton = (await axNodes()).find((node) => node.role === 'button' && node.focused);
    assert.equal(shareButton?.name, 'Share with 1');
    await press('Enter');

    await waitFor(() =>
      document.querySelector('offgrid-import-nearby')?.shadowRoot?.querySelector('[part="accept"]'),
    );
    assert.match(await axText(), /shopping, .* from Ada’s laptop/);
    pierce('[part="accept"]').focus();
    const accept = (await axNodes()).find((node) => node.role === 'button' && node.focused);
    assert.equal(accept?.name, 'Accept shopping');
    await press('Enter');

    await waitFor(() => shadowText('offgrid-import-nearby').includes('Received.'), 10_000);
    assert.equal(b.workspace.doc('shopping').getText('t').toString(), 'milk');
    await waitFor(() => shadowText('offgrid-share-nearby').includes('Done.'));
    const bar = (await axNodes()).find((node) => node.role === 'progressbar' && node.name.includes('Bob'));
    assert.equal(bar?.name, 'Bob’s tablet: confirmed');
    assert.equal(b.share.snapshot().incoming[0]?.state, 'imported');
  });

  it('declines by keyboard through the share: the sender’s row says declined', async () => {
    pierce('[part="again"]').click();
    // The form again, with the same people still picked.
    await waitFor(() =>
      document.querySelector('offgrid-share-nearby')?.shadowRoot?.querySelector('offgrid-peer-list'),
    );
    const option = await waitFor(() => {
      try {
        return pierce('[role="option"][aria-selected="true"]');
      } catch {
        return undefined;
      }
    });
    option.focus();
    await press('Tab');
    await press('Enter');
    const decline = await waitFor(() =>
      document
        .querySelector('offgrid-import-nearby')
        ?.shadowRoot?.querySelector<HTMLElement>('[part="decline"]'),
    );
    decline.focus();
    await press('Enter');
    await waitFor(() => shadowText('offgrid-share-nearby').includes('declined'));
    assert.deepEqual(b.share.snapshot().offers, []);
  });
});
