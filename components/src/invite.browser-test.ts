import './index.ts';
import { looksLikeCode } from './invite.ts';
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
  type,
  waitFor,
} from './testing/browser-test-kit.ts';

describe('looksLikeCode', () => {
  it('takes digits with dashes and spaces, 6 to 30 digits', () => {
    assert.equal(looksLikeCode('0614-8854-8833'), true);
    assert.equal(looksLikeCode('614 885'), true);
    assert.equal(looksLikeCode('12345'), false);
    assert.equal(looksLikeCode('0614-88a4-8833'), false);
    assert.equal(looksLikeCode('1'.repeat(31)), false);
  });
});

describe('<offgrid-invite>', () => {
  const events: unknown[] = [];
  let el: HTMLElementTagNameMap['offgrid-invite'];
  before(async () => {
    el = document.createElement('offgrid-invite');
    for (const type of ['offgrid-join', 'offgrid-new-code', 'offgrid-cancel', 'offgrid-mode-change'])
      el.addEventListener(type, (event) => events.push({ type, ...(event as CustomEvent).detail }));
    // The spec's example PSK (osp-network Appendix B): 61488548833, QR text E5100CBE1.
    el.code = '0614-8854-8833';
    el.qrText = 'E5100CBE1';
    document.body.append(el);
    await el.updateComplete;
  });
  after(clearPage);

  it('shows the code as digits read one by one, and as a QR code', async () => {
    await waitFor(() => el.shadowRoot?.querySelector('[part="qr"] svg'));
    const tree = await axNodes();
    const spoken = await axText();
    assert.match(spoken, /Code: 0 6 1 4 8 8 5 4 8 8 3 3/);
    assert.doesNotMatch(spoken, /0614-8854-8833/, 'the grouped digits would be read as numbers');
    const images = tree.filter((node) => node.role === 'image' || node.role === 'img');
    assert.deepEqual(
      images.map((node) => node.name),
      ['QR code of the same code'],
    );
    assert.equal(pierce('[part="code"] [aria-hidden]').textContent, '0614-8854-8833');
    // A version-1 code with a 4-module margin: 29 × 29 modules in the SVG's viewBox.
    assert.equal(pierce('[part="qr"] svg').getAttribute('viewBox'), '0 0 29 29');
  });

  it('switches to Join by keyboard; a wrong code gets an alert, a good one an offgrid-join event', async () => {
    await press('Tab');
    await press('Tab');
    await press('Space');
    await waitFor(() => el.shadowRoot?.querySelector('input'));
    assert.deepEqual(events.at(-1), { type: 'offgrid-mode-change', mode: 'join' });
    await press('Tab');
    let tree = await axNodes();
    assert.equal(tree.find((node) => node.focused)?.name, 'Code shown on the other device');
    await type('12ab');
    await press('Enter');
    await waitFor(() => el.error);
    await el.updateComplete;
    tree = await axNodes();
    assert.ok(tree.some((node) => node.role === 'alert'));
    assert.match(await axText(), /Type the digits/);
    assert.equal(tree.find((node) => node.role === 'textbox')?.invalid, 'true');
    pierce<HTMLInputElement>('input').value = '';
    await type('0614 8854 8833');
    await press('Enter');
    assert.deepEqual(events.at(-1), { type: 'offgrid-join', code: '0614 8854 8833' });
  });

  it("shows the caller's error after a failed pairing, and Escape cancels", async () => {
    el.error = 'That code did not match. Ask for a new one.';
    await el.updateComplete;
    assert.match(await axText(), /That code did not match\. Ask for a new one\./);
    await press('Escape');
    assert.deepEqual(events.at(-1), { type: 'offgrid-cancel' });
  });

  it('with an invite source whose trusted UI shows the code: one button each way, driving the source', async () => {
    clearPage();
    const calls: string[] = [];
    let state = { needsCode: false, busy: false } as { needsCode: false; busy: boolean; paired?: string };
    const source = Object.assign(new EventTarget(), {
      snapshot: () => state,
      invite: () => calls.push('invite'),
      join: (code?: string) => calls.push(`join ${code ?? ''}`.trim()),
      cancel: () => calls.push('cancel'),
    });
    const provider = document.createElement('offgrid-workspace');
    provider.invite = source;
    const wired = document.createElement('offgrid-invite');
    provider.append(wired);
    document.body.append(provider);
    await provider.updateComplete;
    await wired.updateComplete;
    const start = pierce<HTMLButtonElement>('[part="start"]');
    assert.equal(start.textContent?.trim(), 'Invite a device');
    start.focus();
    await press('Enter');
    state = { needsCode: false, busy: false, paired: 'Bob’s tablet' };
    source.dispatchEvent(new Event('change'));
    await wired.updateComplete;
    assert.match(await axText(), /Paired with Bob’s tablet ?\./);
    wired.mode = 'join';
    await wired.updateComplete;
    pierce('[part="join"]').focus();
    await press('Space');
    await press('Escape');
    assert.deepEqual(calls, ['invite', 'join', 'cancel']);
  });
});
