import './index.ts';
import { initials } from './presence.ts';
import { after, assert, axNodes, clearPage, describe, it, pierceAll } from './testing/browser-test-kit.ts';

describe('initials', () => {
  it('takes first and last word, or two letters of one word', () => {
    assert.equal(initials('Ada Lovelace'), 'AL');
    assert.equal(initials('  grace  brewster  hopper '), 'GH');
    assert.equal(initials('Émile'), 'ÉM');
    assert.equal(initials(''), '?');
  });
});

describe('<offgrid-presence>', () => {
  after(clearPage);

  it('shows each person as coloured initials and gives assistive technology the names', async () => {
    const el = document.createElement('offgrid-presence');
    el.max = 3;
    el.people = [
      { id: '1', name: 'Ada Lovelace', color: 'rgb(136, 51, 170)', self: true },
      { id: '2', name: 'Grace Hopper', color: 'rgb(0, 119, 136)' },
      { id: '3', name: 'Alan Turing', color: 'rgb(204, 85, 0)' },
      { id: '4', name: 'Katherine Johnson', color: 'rgb(34, 102, 204)' },
    ];
    document.body.append(el);
    await el.updateComplete;
    const avatars = pierceAll('[part="avatar"]').map((node) => [
      node.textContent?.trim(),
      getComputedStyle(node).backgroundColor,
      node.getAttribute('aria-hidden'),
    ]);
    assert.deepEqual(avatars, [
      ['AL', 'rgb(136, 51, 170)', 'true'],
      ['GH', 'rgb(0, 119, 136)', 'true'],
      ['AT', 'rgb(204, 85, 0)', 'true'],
    ]);
    const tree = await axNodes();
    const list = tree.find((node) => node.role === 'list');
    assert.equal(list?.name, 'People here, 4');
    const items = tree.filter((node) => node.role === 'listitem').map((node) => node.name);
    assert.deepEqual(items.slice(0, 3), ['Ada Lovelace (you)', 'Grace Hopper', 'Alan Turing']);
    assert.match(items[3] ?? '', /^1 more: Katherine Johnson$/);
  });

  it('takes a colour as one background-color value: a crafted one adds nothing', async () => {
    const el = document.createElement('offgrid-presence');
    el.people = [{ id: 'x', name: 'Mallory', color: 'red; background-image: url(http://127.0.0.1:9/leak)' }];
    document.body.append(el);
    await el.updateComplete;
    const avatar = el.shadowRoot?.querySelector('[part="avatar"]') as HTMLElement;
    const computed = getComputedStyle(avatar);
    assert.equal(computed.backgroundImage, 'none');
    assert.equal(computed.backgroundColor, 'rgb(87, 96, 106)');
    el.remove();
  });

  it('shows names beside the avatars with show-names, themed through ::part and custom properties', async () => {
    const style = document.createElement('style');
    style.textContent =
      'offgrid-presence { --offgrid-avatar-size: 40px } offgrid-presence::part(name) { color: rgb(1, 2, 3) }';
    document.head.append(style);
    const el = document.querySelector('offgrid-presence') as HTMLElementTagNameMap['offgrid-presence'];
    el.setAttribute('show-names', '');
    await el.updateComplete;
    const name = el.shadowRoot?.querySelector('[part="name"]') as HTMLElement;
    const avatar = el.shadowRoot?.querySelector('[part="avatar"]') as HTMLElement;
    const width = name.getBoundingClientRect().width;
    assert.ok(width > 20, `name is ${width}px wide`);
    assert.equal(getComputedStyle(name).color, 'rgb(1, 2, 3)');
    assert.equal(avatar.getBoundingClientRect().width, 40);
    style.remove();
  });
});
