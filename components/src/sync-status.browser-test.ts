import './index.ts';
import {
  after,
  assert,
  axNodes,
  clearPage,
  describe,
  it,
  press,
  waitFor,
} from './testing/browser-test-kit.ts';

const NOW = Date.UTC(2026, 11, 1, 14, 30);

describe('<offgrid-sync-status>', () => {
  after(clearPage);
  const element = () =>
    document.querySelector('offgrid-sync-status') as HTMLElementTagNameMap['offgrid-sync-status'];

  /** The element's text without what is hidden from assistive technology (the visual separator). */
  const text = () => {
    const copy = document.createElement('div');
    for (const node of element().shadowRoot?.childNodes ?? []) copy.append(node.cloneNode(true));
    for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
    return copy.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  };

  it('says in plain words what is not on the server, from its properties', async () => {
    const el = document.createElement('offgrid-sync-status');
    el.now = NOW;
    el.locale = 'en-GB';
    el.status = {
      connectivity: 'nearby only',
      documents: [
        { name: 'Shopping', notOnAnyPeer: 1, notOnServer: 3, oldestUnconfirmedAt: NOW - 2 * 3600_000 },
        { name: 'Trip', notOnAnyPeer: 0, notOnServer: 0, lastServerConfirmationAt: NOW - 600_000 },
      ],
    };
    document.body.append(el);
    await el.updateComplete;
    assert.match(
      text(),
      /Nearby only: 3 changes not yet on the server, 1 only on this device, oldest 2 hr?\.? ago/,
    );
  });

  it('has a polite live region, and says "all saved" when the server has everything', async () => {
    const el = element();
    assert.equal(el.shadowRoot?.querySelector('[aria-live]')?.getAttribute('aria-live'), 'polite');
    el.status = {
      connectivity: 'online',
      documents: [
        { name: 'Trip', notOnAnyPeer: 0, notOnServer: 0, lastServerConfirmationAt: NOW - 28 * 60_000 },
      ],
    };
    await el.updateComplete;
    const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' }).format(
      NOW - 28 * 60_000,
    );
    assert.match(text(), new RegExp(`Online: All saved on the server at ${clock}`));
  });

  it('opens the per-document details with Enter and closes them with Escape; the tree shows the status and button', async () => {
    const el = element();
    el.open = false;
    await el.updateComplete;
    await press('Tab');
    assert.equal(el.shadowRoot?.activeElement?.textContent?.trim(), 'Details');
    const events: boolean[] = [];
    document.addEventListener('offgrid-toggle', (event) =>
      events.push((event as CustomEvent<{ open: boolean }>).detail.open),
    );
    await press('Enter');
    await waitFor(() => el.shadowRoot?.querySelector('ul li'));
    const tree = await axNodes();
    assert.ok(tree.some((node) => node.role === 'status'));
    assert.ok(
      tree.some((node) => node.role === 'button' && node.name === 'Details' && node.expanded === true),
    );
    assert.ok(tree.some((node) => node.role === 'list' && node.name === 'Documents'));
    await press('Escape');
    await waitFor(() => !el.shadowRoot?.querySelector('ul'));
    assert.deepEqual(events, [true, false]);
  });

  it('follows a status source provided through the context protocol, and lets go of it when removed', async () => {
    // A provider as any framework (or none) can write it: answer the context-request event (@lit/context).
    let status = { connectivity: 'offline', documents: [{ name: 'A', notOnAnyPeer: 2, notOnServer: 2 }] };
    let listeners = 0;
    const source = new EventTarget() as EventTarget & { snapshot(): unknown };
    source.snapshot = () => status;
    const add = source.addEventListener.bind(source);
    const remove = source.removeEventListener.bind(source);
    source.addEventListener = (...args: Parameters<EventTarget['addEventListener']>) => {
      listeners++;
      add(...args);
    };
    source.removeEventListener = (...args: Parameters<EventTarget['removeEventListener']>) => {
      listeners--;
      remove(...args);
    };
    const host = document.createElement('section');
    host.addEventListener('context-request', (event) => {
      const request = event as Event & { context: unknown; callback(value: unknown): void };
      if (request.context !== Symbol.for('offgrid-workspace')) return;
      event.stopPropagation();
      request.callback({ status: source });
    });
    document.body.append(host);
    const el = document.createElement('offgrid-sync-status');
    host.append(el);
    await el.updateComplete;
    const words = () =>
      el.shadowRoot
        ?.querySelector('[role="status"]')
        ?.textContent?.replace(/[\s·]+/g, ' ')
        .trim() ?? '';
    assert.match(words(), /Offline: 2 changes not yet on the server, 2 only on this device/);
    status = { connectivity: 'online', documents: [{ name: 'A', notOnAnyPeer: 0, notOnServer: 1 }] };
    source.dispatchEvent(new Event('change'));
    await el.updateComplete;
    assert.match(words(), /Online: 1 change not yet on the server/);
    assert.equal(listeners, 1);
    el.remove();
    assert.equal(listeners, 0);
  });
});
