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
  waitFor,
} from './testing/browser-test-kit.ts';

describe('<offgrid-share-nearby>', () => {
  const events: unknown[] = [];
  let el: HTMLElementTagNameMap['offgrid-share-nearby'];
  before(async () => {
    el = document.createElement('offgrid-share-nearby');
    el.peers = [
      { id: 'peer-a', name: 'Ada’s laptop', verified: true },
      { id: 'peer-b', name: 'Grace’s phone', verified: true },
    ];
    el.addEventListener('offgrid-share', (event) => {
      const { file, peers } = (event as CustomEvent<{ file: File; peers: string[] }>).detail;
      events.push({ type: event.type, file: file.name, size: file.size, peers });
    });
    el.addEventListener('offgrid-cancel', (event) =>
      events.push({ type: event.type, ...(event as CustomEvent).detail }),
    );
    document.body.append(el);
    await el.updateComplete;
  });
  after(clearPage);

  it('shares a chosen file with the peers picked by keyboard', async () => {
    const share = pierce<HTMLButtonElement>('[part="share"]');
    assert.equal(share.disabled, true, 'nothing to share yet');
    // What the file picker does once a file is chosen (the picker itself is the browser's own dialog).
    const input = pierce<HTMLInputElement>('input[type="file"]');
    const chosen = new DataTransfer();
    chosen.items.add(new File(['x'.repeat(1234)], 'minutes.txt', { type: 'text/plain' }));
    input.files = chosen.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => el.file?.name === 'minutes.txt');
    // Tab: file input, then the peer list; Space picks the first, ArrowDown + Space the second.
    input.focus();
    await press('Tab');
    await press('Space');
    await press('ArrowDown');
    await press('Space');
    await press('Tab');
    await el.updateComplete;
    const button = (await axNodes()).find((node) => node.role === 'button' && node.focused);
    assert.equal(button?.name, 'Share with 2');
    await press('Enter');
    assert.deepEqual(events, [
      { type: 'offgrid-share', file: 'minutes.txt', size: 1234, peers: ['peer-a', 'peer-b'] },
    ]);
  });

  it("shows each peer's progress with bytes, rate and time left, and cancels with Escape", async () => {
    el.progress = {
      transferId: 'f'.repeat(64),
      totalBytes: 5_000_000,
      sentBytes: 3_000_000,
      peers: [
        { peer: 'peer-a', status: 'receiving', receivedBytes: 1_500_000, rate: 800_000, remainingMs: 4_400 },
        { peer: 'peer-b', status: 'confirmed', receivedBytes: 5_000_000, rate: 0, remainingMs: undefined },
      ],
    };
    await el.updateComplete;
    const rows = pierceAll('[part="row"]').map((node) => node.textContent?.replace(/\s+/g, ' ').trim());
    assert.deepEqual(rows, [
      'Ada’s laptop receiving · 1.5 MB of 5 MB · 800 kB/s · in 4 sec.',
      'Grace’s phone received and checked · 5 MB of 5 MB',
    ]);
    const bars = (await axNodes()).filter((node) => node.role === 'progressbar');
    assert.deepEqual(
      bars.map((bar) => [bar.name, bar.value]),
      [
        ['Ada’s laptop: receiving', 1_500_000],
        ['Grace’s phone: confirmed', 5_000_000],
      ],
    );
    pierce('[part="cancel"]').focus();
    await press('Escape');
    assert.deepEqual(events.at(-1), { type: 'offgrid-cancel', transferId: 'f'.repeat(64) });
  });

  it('says done and offers no Cancel once no peer is still receiving', async () => {
    const progress = el.progress;
    assert.ok(progress);
    el.progress = {
      ...progress,
      peers: progress.peers.map((peer) => ({ ...peer, status: 'confirmed' as const })),
    };
    await el.updateComplete;
    assert.equal(pierceAll('[part="cancel"]').length, 0);
    assert.ok((await axNodes()).find((node) => node.role === 'status'));
    // Ada's row still carries the last rate and time left reported while receiving: ended, neither is shown.
    for (const [status, word] of [
      ['confirmed', 'received and checked'],
      ['declined', 'declined'],
      ['failed', 'failed'],
      ['cancelled', 'cancelled'],
    ] as const) {
      el.progress = { ...progress, peers: progress.peers.map((peer) => ({ ...peer, status })) };
      await el.updateComplete;
      const rows = pierceAll('[part="row"]').map((node) => node.textContent?.replace(/\s+/g, ' ').trim());
      assert.deepEqual(rows, [
        `Ada’s laptop ${word} · 1.5 MB of 5 MB`,
        `Grace’s phone ${word} · 5 MB of 5 MB`,
      ]);
    }
  });
});
