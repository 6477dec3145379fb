import './index.ts';
import {
  after,
  assert,
  axNodes,
  before,
  clearPage,
  describe,
  it,
  pierce,
  pierceAll,
  press,
} from './testing/browser-test-kit.ts';

const ID_A = 'a'.repeat(64);
const ID_B = 'b'.repeat(64);

describe('<offgrid-import-nearby>', () => {
  const events: unknown[] = [];
  let el: HTMLElementTagNameMap['offgrid-import-nearby'];
  before(async () => {
    el = document.createElement('offgrid-import-nearby');
    el.peers = [
      { id: 'p1', name: 'Ada’s laptop', verified: true },
      { id: 'p2', name: '<b>Mallory</b>', verified: false },
    ];
    for (const type of ['offgrid-accept', 'offgrid-decline', 'offgrid-cancel'])
      el.addEventListener(type, (event) => events.push({ type, ...(event as CustomEvent).detail }));
    document.body.append(el);
    await el.updateComplete;
  });
  after(clearPage);
  const facts = () => pierce('[part="facts"]').textContent?.replace(/\s+/g, ' ').trim();

  it('says when nothing is offered, then lists offers with their sender, announced politely', async () => {
    assert.match(pierce('[part="empty"]').textContent ?? '', /Nothing offered/);
    el.offers = [
      {
        transferId: ID_A,
        from: 'p1',
        kind: 'file',
        name: 'site-plan.pdf',
        mediaType: 'application/pdf',
        totalBytes: 2_400_000,
      },
      {
        transferId: ID_B,
        from: 'p2',
        kind: 'file',
        name: 'photos.zip',
        mediaType: 'application/zip',
        totalBytes: 900,
      },
    ];
    await el.updateComplete;
    const tree = await axNodes();
    assert.deepEqual(
      tree.filter((node) => node.role === 'listitem').map((node) => node.name),
      ['site-plan.pdf, 2.4 MB, from Ada’s laptop', 'photos.zip, 900 bytes, from <b>Mallory</b> (unverified)'],
    );
    assert.deepEqual(
      tree.filter((node) => node.role === 'button').map((node) => node.name),
      ['Decline site-plan.pdf', 'Accept site-plan.pdf', 'Decline photos.zip', 'Accept photos.zip'],
    );
    // The sender's name is text, never markup.
    assert.equal(pierceAll('b').length, 0);
    assert.equal(
      pierce('[aria-live="polite"]').textContent?.trim(),
      '<b>Mallory</b> (unverified) offers photos.zip',
    );
  });

  it('accepts with Enter and declines with Space', async () => {
    await press('Tab'); // Decline site-plan.pdf
    await press('Tab'); // Accept site-plan.pdf
    await press('Enter');
    await press('Tab'); // Decline photos.zip
    await press('Space');
    assert.deepEqual(events, [
      { type: 'offgrid-accept', transferId: ID_A },
      { type: 'offgrid-decline', transferId: ID_B },
    ]);
  });

  it('shows the receipt\'s progress and a Cancel, then "Received"', async () => {
    const set = (receivedBytes: number) => {
      el.offers = (el.offers ?? []).slice(0, 1);
      el.receipts = [
        { transferId: ID_A, totalBytes: 2_400_000, receivedBytes, rate: 1_000_000, remainingMs: 1200 },
      ];
      return el.updateComplete;
    };
    await set(1_200_000);
    assert.equal(
      pierce('[part="facts"]').textContent?.replace(/\s+/g, ' ').trim(),
      '1.2 MB of 2.4 MB · 1 MB/s · in 1 sec.',
    );
    const bar = (await axNodes()).find((node) => node.role === 'progressbar');
    assert.equal(bar?.name, 'Receiving site-plan.pdf');
    pierce('[part="cancel"]').click();
    assert.deepEqual(events.at(-1), { type: 'offgrid-cancel', transferId: ID_A });
    await set(2_400_000);
    assert.equal(pierceAll('[part="cancel"]').length, 0);
    assert.ok((await axNodes()).some((node) => node.role === 'status'));
    // Done: the last rate and time left reported say nothing any more.
    assert.equal(facts(), '2.4 MB of 2.4 MB');
  });

  it('shows no rate and no time left once a receipt was imported or failed', async () => {
    // The framework's receipts keep the last rate reported (and time left 0) when they end.
    for (const [state, receivedBytes, word] of [
      ['imported', 2_400_000, 'Received.'],
      ['failed', 800_000, 'Not received.'],
    ] as const) {
      el.receipts = [
        { transferId: ID_A, state, totalBytes: 2_400_000, receivedBytes, rate: 1_000_000, remainingMs: 0 },
      ];
      await el.updateComplete;
      assert.equal(pierce('[role="status"]:not([aria-live])').textContent, word);
      assert.equal(facts(), `${receivedBytes === 800_000 ? '800 kB' : '2.4 MB'} of 2.4 MB`);
    }
  });
});
