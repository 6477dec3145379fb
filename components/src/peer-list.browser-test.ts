import './index.ts';
import { peerMarks } from './peer-list.ts';
import {
  after,
  assert,
  axNodes,
  before,
  clearPage,
  describe,
  it,
  pierce,
  press,
} from './testing/browser-test-kit.ts';

const PEERS = [
  { id: 'a', name: 'Ada’s laptop', verified: true, trusted: true, fingerprint: 'a1b2c3d4e5f6' },
  { id: 'b', name: 'Meeting room', verified: false },
  { id: 'c', name: 'Ada’s laptop', verified: false, suspicious: ['same name as a paired device'] },
];

describe('peerMarks', () => {
  it('flags as `offgrid peers` does', () => {
    assert.deepEqual(peerMarks(PEERS[0] as never), ['verified', 'paired']);
    assert.deepEqual(peerMarks(PEERS[2] as never), [
      'unverified',
      'suspicious: same name as a paired device',
    ]);
  });
});

describe('<offgrid-peer-list>', () => {
  const events: string[][] = [];
  let el: HTMLElementTagNameMap['offgrid-peer-list'];
  before(async () => {
    el = document.createElement('offgrid-peer-list');
    el.peers = PEERS;
    el.addEventListener('offgrid-selection-change', (event) =>
      events.push((event as CustomEvent<{ selected: string[] }>).detail.selected),
    );
    document.body.append(el);
    await el.updateComplete;
  });
  after(clearPage);

  it('is a multi-select listbox whose options read name and marks', async () => {
    const tree = await axNodes();
    const listbox = tree.find((node) => node.role === 'listbox');
    assert.equal(listbox?.name, 'Nearby devices');
    const options = tree.filter((node) => node.role === 'option');
    assert.deepEqual(
      options.map((node) => [node.name, node.selected]),
      [
        ['Ada’s laptop verified paired', false],
        ['Meeting room unverified', false],
        ['Ada’s laptop unverified suspicious: same name as a paired device', false],
      ],
    );
  });

  it('moves with arrows, selects with Space and Enter, one Tab stop', async () => {
    await press('Tab');
    await press('Space');
    await press('ArrowDown');
    await press('ArrowDown');
    await press('Enter');
    await press('Home');
    await press('Space');
    await press('End');
    await el.updateComplete;
    const options = (await axNodes()).filter((node) => node.role === 'option');
    assert.deepEqual(
      options.map((node) => node.selected),
      [false, false, true],
    );
    assert.equal(
      options.findIndex((node) => node.focused),
      2,
    );
    assert.deepEqual(events, [['a'], ['a', 'c'], ['c']]);
    await press('Tab');
    assert.equal(document.activeElement?.tagName, 'BODY');
  });

  it('selects one at most when not multiple, and by click', async () => {
    el.multiple = false;
    el.selected = [];
    await el.updateComplete;
    pierce('#peer-0').click();
    await el.updateComplete;
    pierce('#peer-1').click();
    await el.updateComplete;
    assert.deepEqual(events.slice(-2), [['a'], ['b']]);
    assert.ok((await axNodes()).find((node) => node.role === 'listbox'));
    assert.equal(pierce('[role="listbox"]').getAttribute('aria-multiselectable'), 'false');
  });
});
