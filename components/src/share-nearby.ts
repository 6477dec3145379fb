import { css, html, LitElement, nothing } from 'lit';
import './peer-list.ts';
import { formatBytes } from './format.ts';
import { baseStyles, emit } from './theme.ts';
import { transferRow } from './transfer-row.ts';
import type { NearbyPeer, PushProgress } from './types.ts';

/**
 * `<offgrid-share-nearby>`: choose a file, pick nearby peers, share; then each peer's progress (bytes, rate, time
 * left) until every one has confirmed, declined or failed. Escape or the Cancel button cancels a running share.
 *
 * Properties: `peers` (`NearbyPeer[]`), `file` (`File`, set by the picker or by code), `selected` (peer ids),
 * `progress` (GroupPush's `PushProgress`; set it while the push runs, clear it for a new share), `locale`.
 * Events: `offgrid-share` (`detail: { file, peers }`), `offgrid-cancel` (`detail: { transferId }`).
 * Parts: `form`, `file`, `peers` (the inner `<offgrid-peer-list>`), `share`, `progress`, `row`, `bar`, `facts`,
 * `cancel`.
 */
export class OffgridShareNearby extends LitElement {
  static override properties = {
    peers: { attribute: false },
    file: { attribute: false },
    selected: { attribute: false },
    progress: { attribute: false },
    locale: { type: String },
  };
  static override styles = [
    baseStyles,
    css`
      form, .progress { display: grid; gap: 10px; }
      label { font-weight: 600; }
      .file-name { margin-left: 8px; }
      ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
      li { display: grid; grid-template-columns: 10em 1fr; gap: 2px 10px; align-items: center; }
      .facts { grid-column: 2; font-size: 12px; }
      .state.confirmed { color: var(--offgrid-ok, #1a7f37); }
      .state.failed, .state.declined, .state.cancelled { color: var(--offgrid-danger, #a40e26); }
      progress { width: 100%; accent-color: var(--offgrid-accent, #0b5cad); }
      .actions { display: flex; gap: 8px; justify-content: flex-end; }
    `,
  ];

  declare peers: readonly NearbyPeer[];
  declare file: File | undefined;
  declare selected: readonly string[];
  declare progress: PushProgress | undefined;
  declare locale: string | undefined;

  constructor() {
    super();
    this.peers = [];
    this.selected = [];
    this.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.progress && this.#running()) {
        event.preventDefault();
        this.#cancel();
      }
    });
  }

  override render() {
    return this.progress ? this.#renderProgress(this.progress) : this.#renderForm();
  }

  #renderForm() {
    const ready = this.file !== undefined && this.selected.length > 0;
    return html`<form part="form" aria-label="Share with nearby devices" @submit=${this.#share}>
      <div>
        <label for="file">File to share</label>
        <input part="file" id="file" type="file" @change=${this.#pick} />
        ${this.file ? html`<span class="file-name muted">${this.file.name}, ${formatBytes(this.file.size, this.locale)}</span>` : nothing}
      </div>
      <offgrid-peer-list part="peers" label="Share with" .peers=${this.peers} .selected=${this.selected}
        @offgrid-selection-change=${this.#onSelect}></offgrid-peer-list>
      <div class="actions">
        <button part="share" class="primary" type="submit" ?disabled=${!ready}>
          Share${this.selected.length > 0 ? ` with ${this.selected.length}` : ''}
        </button>
      </div>
    </form>`;
  }

  #renderProgress(progress: PushProgress) {
    const nameOf = (id: string) => this.peers.find((peer) => peer.id === id)?.name ?? id.slice(0, 12);
    const running = this.#running();
    return html`<section part="progress" class="progress" aria-label=${`Sharing ${this.file?.name ?? 'a file'}`}>
      <ul>
        ${progress.peers.map(
          (peer) => html`<li part="row"><span class="name">${nameOf(peer.peer)}</span>
            ${transferRow(`${nameOf(peer.peer)}: ${peer.status}`, { ...peer, totalBytes: progress.totalBytes }, this.locale)}</li>`,
        )}
      </ul>
      <div class="actions">
        ${running ? html`<button part="cancel" @click=${this.#cancel}>Cancel</button>` : html`<span role="status">Done.</span>`}
      </div>
    </section>`;
  }

  #running(): boolean {
    return (this.progress?.peers ?? []).some((peer) =>
      ['waiting', 'offered', 'receiving'].includes(peer.status),
    );
  }

  #pick(event: Event): void {
    this.file = (event.target as HTMLInputElement).files?.[0];
  }

  #onSelect(event: CustomEvent<{ selected: string[] }>): void {
    event.stopPropagation();
    this.selected = event.detail.selected;
  }

  #share(event: SubmitEvent): void {
    event.preventDefault();
    if (!this.file || this.selected.length === 0) return;
    emit(this, 'offgrid-share', { file: this.file, peers: [...this.selected] });
  }

  #cancel(): void {
    if (this.progress) emit(this, 'offgrid-cancel', { transferId: this.progress.transferId });
  }
}
