import { css, html, LitElement, nothing } from 'lit';
import './peer-list.ts';
import { followWorkspace } from './follow-workspace.ts';
import { formatBytes } from './format.ts';
import { baseStyles, emit } from './theme.ts';
import { transferRow } from './transfer-row.ts';
import type { NearbyPeer, PushProgress } from './types.ts';
import type { ShareSource, ShareState } from './workspace-context.ts';

/**
 * `<offgrid-share-nearby>`: choose a file, pick nearby peers, share; then each peer's progress (bytes, rate, time
 * left) until every one has confirmed, declined or failed. Escape or the Cancel button cancels a running share.
 *
 * Properties: `peers` (`NearbyPeer[]`; unset: the provided workspace's), `file` (`File`, set by the picker or
 * by code), `document` (a document name: share it instead of a file), `selected` (peer ids), `progress`
 * (GroupPush's `PushProgress`; set it while the push runs, clear it for a new share), `locale`.
 * Inside `<offgrid-workspace>` with a `share`, the element shares by itself and follows the progress (unless a
 * listener cancels `offgrid-share` with `preventDefault()`).
 * Events: `offgrid-share` (`detail: { file, document, peers }`), `offgrid-cancel` (`detail: { transferId }`).
 * Parts: `form`, `file`, `peers` (the inner `<offgrid-peer-list>`), `share`, `progress`, `row`, `bar`, `facts`,
 * `cancel`, `again`.
 */
export class OffgridShareNearby extends LitElement {
  static override properties = {
    peers: { attribute: false },
    file: { attribute: false },
    document: { type: String },
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

  declare peers: readonly NearbyPeer[] | undefined;
  declare file: File | undefined;
  declare document: string | undefined;
  declare selected: readonly string[];
  declare progress: PushProgress | undefined;
  declare locale: string | undefined;
  readonly #share = followWorkspace<ShareState, ShareSource>(this, (sources) => sources.share);
  readonly #peers = followWorkspace<readonly NearbyPeer[]>(this, (sources) => sources.peers);
  /** The provided share this element started (`OutgoingProgress.id`). */
  #started: number | undefined;

  constructor() {
    super();
    this.selected = [];
    this.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.#progress() && this.#running()) {
        event.preventDefault();
        this.#cancel();
      }
    });
  }

  /** `progress`, else that of the share this element started through the provided workspace. */
  #progress(): PushProgress | undefined {
    if (this.progress) return this.progress;
    return this.#started === undefined
      ? undefined
      : this.#share.value?.outgoing.find((share) => share.id === this.#started);
  }

  #peerList(): readonly NearbyPeer[] {
    return this.peers ?? this.#peers.value ?? [];
  }

  override render() {
    const progress = this.#progress();
    return progress ? this.#renderProgress(progress) : this.#renderForm();
  }

  #renderForm() {
    const what = this.document === undefined ? this.file?.name : this.document;
    const ready = what !== undefined && this.selected.length > 0;
    return html`<form part="form" aria-label=${this.document === undefined ? 'Share with nearby devices' : `Share ${this.document} with nearby devices`} @submit=${this.#submit}>
      ${
        this.document === undefined
          ? html`<div>
              <label for="file">File to share</label>
              <input part="file" id="file" type="file" @change=${this.#pick} />
              ${this.file ? html`<span class="file-name muted">${this.file.name}, ${formatBytes(this.file.size, this.locale)}</span>` : nothing}
            </div>`
          : nothing
      }
      <offgrid-peer-list part="peers" label="Share with" .peers=${this.#peerList()} .selected=${this.selected}
        @offgrid-selection-change=${this.#onSelect}></offgrid-peer-list>
      <div class="actions">
        <button part="share" class="primary" type="submit" ?disabled=${!ready}>
          Share${this.selected.length > 0 ? ` with ${this.selected.length}` : ''}
        </button>
      </div>
    </form>`;
  }

  #renderProgress(progress: PushProgress) {
    const nameOf = (id: string) => this.#peerList().find((peer) => peer.id === id)?.name ?? id.slice(0, 12);
    const running = this.#running();
    const what = this.document ?? this.file?.name ?? 'a file';
    return html`<section part="progress" class="progress" aria-label=${`Sharing ${what}`}>
      <ul>
        ${progress.peers.map(
          (peer) => html`<li part="row"><span class="name">${nameOf(peer.peer)}</span>
            ${transferRow(`${nameOf(peer.peer)}: ${peer.status}`, { ...peer, totalBytes: progress.totalBytes }, this.locale, peer.status === 'receiving')}</li>`,
        )}
      </ul>
      <div class="actions">
        ${running ? html`<button part="cancel" @click=${this.#cancel}>Cancel</button>` : html`<span role="status">Done.</span>`}
        ${!running && this.#started !== undefined && !this.progress ? html`<button part="again" @click=${this.#again}>Share again</button>` : nothing}
      </div>
    </section>`;
  }

  #running(): boolean {
    return (this.#progress()?.peers ?? []).some((peer) =>
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

  #submit(event: SubmitEvent): void {
    event.preventDefault();
    const { file, document } = this;
    if ((document === undefined && !file) || this.selected.length === 0) return;
    const peers = [...this.selected];
    const share = this.#share.source;
    if (!emit(this, 'offgrid-share', { file, document, peers }) || !share) return;
    // Failures show in the progress (each recipient's status); the promise has nothing more to say here.
    const started =
      document === undefined
        ? share.shareFile(file as File, { to: peers })
        : share.shareDocument(document, { to: peers });
    started.catch(() => {});
    // The share is in the snapshot at once (its content is still being read): follow it by its number.
    this.#started = share.snapshot().outgoing.at(-1)?.id;
    this.requestUpdate();
  }

  #cancel(): void {
    const progress = this.#progress();
    if (!progress) return;
    if (emit(this, 'offgrid-cancel', { transferId: progress.transferId }) && !this.progress)
      this.#share.source?.cancel(progress.transferId);
  }

  async #again(): Promise<void> {
    this.#started = undefined;
    this.file = undefined;
    this.requestUpdate();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#file, [part="peers"]')?.focus();
  }
}
