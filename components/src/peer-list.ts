import { css, html, LitElement } from 'lit';
import { followWorkspace } from './follow-workspace.ts';
import { baseStyles, emit } from './theme.ts';
import type { NearbyPeer } from './types.ts';

/** The words a peer's marks read as, the way `offgrid peers` flags them (cli/src/format-peers.ts). */
export function peerMarks(peer: NearbyPeer): string[] {
  const marks = [peer.verified ? 'verified' : 'unverified'];
  if (peer.trusted) marks.push('paired');
  if (peer.suspicious && peer.suspicious.length > 0) marks.push(`suspicious: ${peer.suspicious.join(', ')}`);
  return marks;
}

/**
 * `<offgrid-peer-list>`: nearby peers as a listbox with verified / unverified / paired / suspicious marks.
 * Arrow keys, Home and End move; Space or Enter selects; one Tab stop for the whole list.
 *
 * Properties: `peers` (`NearbyPeer[]`; unset: the provided workspace's `peers`), `selected` (ids), `multiple` (default true), `label`.
 * Events: `offgrid-selection-change` (`detail: { selected: string[] }`).
 * Parts: `list`, `peer`, `name`, `mark`, `fingerprint`, `empty`.
 */
export class OffgridPeerList extends LitElement {
  static override properties = {
    peers: { attribute: false },
    selected: { attribute: false },
    multiple: { type: Boolean },
    label: { type: String },
    active: { state: true },
  };
  static override styles = [
    baseStyles,
    css`
      [role='listbox'] { margin: 0; padding: 0; border: 1px solid var(--offgrid-border, #c9d1d9);
        border-radius: var(--offgrid-radius, 6px); background: var(--offgrid-surface, #fff); }
      [role='option'] { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; padding: 6px 10px; cursor: pointer; }
      [role='option'] + [role='option'] { border-top: 1px solid var(--offgrid-border, #c9d1d9); }
      [role='option'][aria-selected='true'] { background: var(--offgrid-selected, #ddf4ff); }
      .check { width: 16px; height: 16px; border: 1.5px solid var(--offgrid-muted, #57606a); border-radius: 4px;
        display: grid; place-items: center; font-size: 12px; flex: none; }
      [aria-selected='true'] .check { background: var(--offgrid-accent, #0b5cad); border-color: var(--offgrid-accent, #0b5cad); color: #fff; }
      .name { font-weight: 600; white-space: nowrap; }
      .mark { font-size: 12px; padding: 0 6px; border-radius: 10px; background: #eaeef2; }
      .mark.verified, .mark.paired { background: #dafbe1; color: #116329; }
      .mark.suspicious { background: #ffebe9; color: #a40e26; font-weight: 600; }
      .fingerprint { margin-left: auto; font-family: ui-monospace, monospace; font-size: 12px; }
      .empty { padding: 6px 10px; }
    `,
  ];

  declare peers: readonly NearbyPeer[] | undefined;
  declare selected: readonly string[];
  declare multiple: boolean;
  declare label: string;
  declare active: number;
  readonly #fromWorkspace = followWorkspace<readonly NearbyPeer[]>(this, (sources) => sources.peers);

  constructor() {
    super();
    this.selected = [];
    this.multiple = true;
    this.label = 'Nearby devices';
    this.active = 0;
  }

  /** The `peers` property, else the provided workspace's devices nearby. */
  get #list(): readonly NearbyPeer[] {
    return this.peers ?? this.#fromWorkspace.value ?? [];
  }

  override render() {
    const peers = this.#list;
    if (peers.length === 0)
      return html`<p part="empty" class="empty muted" role="status">No devices nearby yet.</p>`;
    const active = Math.min(this.active, peers.length - 1);
    return html`<div part="list" role="listbox" aria-label=${this.label} aria-multiselectable=${String(this.multiple)}
      @keydown=${this.#onKey}>
      ${peers.map((peer, index) => {
        const chosen = this.selected.includes(peer.id);
        const marks = peerMarks(peer);
        return html`<div part="peer" role="option" id=${`peer-${index}`} aria-selected=${String(chosen)}
          tabindex=${index === active ? 0 : -1} @click=${() => this.#choose(index)}>
          <span class="check" aria-hidden="true">${chosen ? '✓' : ''}</span>
          <span part="name" class="name">${peer.name}</span>
          ${marks.map((mark) => html`<span part="mark" class=${`mark ${mark.split(':')[0]}`}>${mark}</span>`)}
          ${peer.fingerprint ? html`<span part="fingerprint" class="fingerprint muted" aria-hidden="true">${peer.fingerprint.slice(0, 8)}…</span>` : ''}
        </div>`;
      })}
    </div>`;
  }

  #choose(index: number): void {
    const peer = this.#list[index];
    if (!peer) return;
    this.active = index;
    const chosen = this.selected.includes(peer.id);
    this.selected = this.multiple
      ? chosen
        ? this.selected.filter((id) => id !== peer.id)
        : [...this.selected, peer.id]
      : chosen
        ? []
        : [peer.id];
    emit(this, 'offgrid-selection-change', { selected: [...this.selected] });
  }

  async #onKey(event: KeyboardEvent): Promise<void> {
    const last = this.#list.length - 1;
    // The list may have shrunk since the active option was chosen.
    const current = Math.min(this.active, last);
    const moves: Record<string, number> = {
      ArrowDown: Math.min(current + 1, last),
      ArrowUp: Math.max(current - 1, 0),
      Home: 0,
      End: last,
    };
    if (event.key === ' ' || event.key === 'Enter') {
      event.preventDefault();
      this.#choose(current);
    } else if (event.key in moves) {
      event.preventDefault();
      this.active = moves[event.key] ?? 0;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(`#peer-${this.active}`)?.focus();
    }
  }
}
