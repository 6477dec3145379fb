// The trusted UI's script (served at /ui.js on the agent's own origin; docs/security.md §Trusted UI). Everything a
// page or peer chose (origins, nicknames, device names) is put in the DOM as text, never as markup.

const promptsEl = document.getElementById('prompts');
const emptyEl = document.getElementById('empty');
const sitesEl = document.getElementById('sites');
const noSitesEl = document.getElementById('no-sites');
/** Cards on screen by prompt id, kept across polls so typed input and focus survive. */
const cards = new Map();
let version = 0;

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'class') node.className = value;
    else if (key.startsWith('data-') || key.startsWith('aria-')) node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children) node.append(child);
  return node;
}

const origin = (text) => el('span', { class: 'origin' }, text);

async function post(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return response.ok;
}

function answer(id, value) {
  const card = cards.get(id);
  if (card) for (const control of card.querySelectorAll('button, input')) control.disabled = true;
  void post('/ui/answer', { id, value });
}

function buttons(id, yesText, noText, yesValue = true, noValue = false) {
  return el(
    'div',
    { class: 'actions' },
    el(
      'button',
      { type: 'submit', class: 'primary', value: 'yes', onclick: () => answer(id, yesValue) },
      yesText,
    ),
    el('button', { type: 'button', value: 'no', onclick: () => answer(id, noValue) }, noText),
  );
}

function peerLine(peer) {
  const name = el('strong', {}, peer.name || 'Unnamed device');
  const badges = [el('span', { class: 'badge' }, peer.verified ? 'verified name' : 'name not verified')];
  for (const reason of peer.suspicious ?? [])
    badges.push(el('span', { class: 'badge warn' }, `suspicious: ${reason}`));
  return el('span', {}, name, ...badges, el('span', { class: 'fp' }, peer.fingerprint));
}

function cardFor(prompt) {
  const { id, kind } = prompt;
  const form = el('form', { class: 'card', 'data-prompt-kind': kind, 'data-prompt-id': String(id) });
  form.addEventListener('submit', (event) => event.preventDefault());
  if (kind === 'site') {
    form.append(
      el('h3', {}, origin(prompt.origin), ' wants to connect to nearby devices'),
      el(
        'p',
        { class: 'note' },
        'It will be able to ask you to pick devices. It never sees the devices around you.',
      ),
      buttons(id, 'Allow', 'Block'),
    );
  } else if (kind === 'advertise') {
    form.append(
      el('h3', {}, origin(prompt.origin), ' wants to make this device discoverable'),
      el('p', { class: 'note' }, `Nearby devices will see it as “${prompt.nickname || 'unnamed'}”.`),
      buttons(id, 'Make discoverable', 'Not now'),
    );
  } else if (kind === 'grant') {
    form.append(
      el('h3', {}, 'Let ', origin(prompt.origin), ' use this device?'),
      el('div', { class: 'peer-line' }, peerLine(prompt.peer)),
      buttons(id, 'Allow', "Don't allow"),
    );
  } else if (kind === 'choose-peer') {
    const list = el(
      'fieldset',
      {},
      el('legend', {}, origin(prompt.origin ?? 'A site'), ' wants to connect to:'),
    );
    for (const [index, peer] of prompt.peers.entries()) {
      const radio = el('input', {
        type: 'radio',
        name: `peer-${id}`,
        value: peer.fingerprint,
        checked: index === 0,
      });
      list.append(el('label', { class: 'peer' }, radio, peerLine(peer)));
    }
    if (prompt.peers.length === 0) list.append(el('p', { class: 'empty' }, 'No devices found nearby.'));
    const chosen = () => form.querySelector(`input[name="peer-${id}"]:checked`)?.value ?? null;
    form.append(
      list,
      el(
        'div',
        { class: 'actions' },
        el(
          'button',
          { type: 'submit', class: 'primary', value: 'yes', onclick: () => answer(id, chosen()) },
          'Connect',
        ),
        el('button', { type: 'button', value: 'no', onclick: () => answer(id, null) }, 'Cancel'),
      ),
    );
  } else if (kind === 'show-psk') {
    form.append(
      el('h3', {}, 'Pair with ', el('strong', {}, prompt.peer.name || 'a device')),
      el('p', { class: 'note' }, 'Enter this code on the other device, or scan it:'),
      el('p', { class: 'psk', 'aria-label': 'pairing code' }, prompt.psk.numeric),
    );
    if (prompt.psk.qrSvg) {
      const src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(prompt.psk.qrSvg)}`;
      form.append(el('img', { class: 'qr', src, alt: `QR code of the pairing code ${prompt.psk.numeric}` }));
    }
    form.append(
      el(
        'div',
        { class: 'actions' },
        el(
          'button',
          { type: 'submit', class: 'primary', value: 'yes', onclick: () => answer(id, 'done') },
          'Done',
        ),
      ),
    );
  } else if (kind === 'enter-psk') {
    const input = el('input', {
      type: 'text',
      id: `psk-${id}`,
      name: 'psk',
      inputMode: 'numeric',
      autocomplete: 'off',
      spellcheck: false,
      required: true,
    });
    form.append(
      el('h3', {}, 'Pair with ', el('strong', {}, prompt.peer.name || 'a device')),
      el('label', { htmlFor: `psk-${id}` }, 'Type the code the other device shows:'),
      input,
      el(
        'div',
        { class: 'actions' },
        el(
          'button',
          { type: 'submit', class: 'primary', value: 'yes', onclick: () => answer(id, input.value.trim()) },
          'Pair',
        ),
      ),
    );
  }
  return form;
}

function render(state) {
  const live = new Set(state.prompts.map((p) => p.id));
  for (const [id, card] of cards) {
    if (!live.has(id)) {
      card.remove();
      cards.delete(id);
    }
  }
  for (const prompt of state.prompts) {
    if (cards.has(prompt.id)) continue;
    const card = cardFor(prompt);
    cards.set(prompt.id, card);
    promptsEl.append(card);
  }
  emptyEl.hidden = cards.size > 0;
  // The oldest open request takes the keyboard focus unless the person is in the middle of one: a keyboard user
  // answers request after request with Tab and Enter.
  if (!promptsEl.contains(document.activeElement)) {
    promptsEl.querySelector('input:not(:disabled), button:not(:disabled)')?.focus();
  }
  sitesEl.replaceChildren(
    ...state.sites.map((site) =>
      el(
        'li',
        { 'data-site': site },
        origin(site),
        el('button', { type: 'button', onclick: () => void post('/ui/revoke', { origin: site }) }, 'Remove'),
      ),
    ),
  );
  noSitesEl.hidden = state.sites.length > 0;
}

async function poll() {
  for (;;) {
    try {
      const response = await fetch(`/ui/state?since=${version}`);
      const state = await response.json();
      version = state.version;
      render(state);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

void poll();
