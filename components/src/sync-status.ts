import { ContextConsumer } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { EventSourceController } from './event-source-controller.ts';
import { describeStatus } from './format.ts';
import { baseStyles } from './theme.ts';
import type { SyncStatus } from './types.ts';
import { workspaceContext } from './workspace-context.ts';

/**
 * `<offgrid-sync-status>`: a badge saying where the changes are, in plain words ("3 changes not yet on the server,
 * oldest 2 hr. ago"), with a per-document list behind a disclosure button. The sentence sits in a polite live
 * region so screen readers hear it change.
 *
 * Properties: `status` (`SyncStatus`; if unset, the provided workspace's `status` source), `now` (epoch ms;
 * unset: the real clock, re-read every 30 s), `locale` (BCP 47; unset: `lang` of the page).
 * Parts: `badge`, `dot`, `connectivity`, `summary`, `toggle`, `documents`, `document`.
 * Events: `offgrid-toggle` (`detail: { open }`).
 */
export class OffgridSyncStatus extends LitElement {
  static override properties = {
    status: { attribute: false },
    now: { type: Number },
    locale: { type: String },
    open: { type: Boolean, reflect: true },
  };
  static override styles = [
    baseStyles,
    css`
      :host { display: inline-block; }
      .badge { display: flex; align-items: center; gap: 8px; padding: 6px 10px;
        border: 1px solid var(--offgrid-border, #c9d1d9); border-radius: var(--offgrid-radius, 6px);
        background: var(--offgrid-surface, #fff); }
      .dot { width: 10px; height: 10px; border-radius: 50%; flex: none; background: var(--offgrid-offline, #8c959f); }
      .dot[data-connectivity='nearby only'] { background: var(--offgrid-nearby, #bf8700); }
      .dot[data-connectivity='online'] { background: var(--offgrid-online, #1a7f37); }
      .connectivity { font-weight: 600; }
      .separator { color: var(--offgrid-muted, #57606a); }
      button { padding: 2px 8px; }
      ul { margin: 6px 0 0; padding: 6px 10px; list-style: none; border: 1px solid var(--offgrid-border, #c9d1d9);
        border-radius: var(--offgrid-radius, 6px); background: var(--offgrid-surface, #fff); }
      li + li { margin-top: 4px; }
      .name { font-weight: 600; }
    `,
  ];

  declare status: SyncStatus | undefined;
  declare now: number | undefined;
  declare locale: string | undefined;
  declare open: boolean;
  readonly #fromWorkspace = new EventSourceController<SyncStatus>(this);
  #tick: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.open = false;
    new ContextConsumer(this, {
      context: workspaceContext,
      subscribe: true,
      callback: (workspace) => {
        this.#fromWorkspace.source = workspace?.status;
      },
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Only the real clock moves by itself; "2 min. ago" must not go stale while nothing else changes.
    this.#tick = setInterval(() => {
      if (this.now === undefined) this.requestUpdate();
    }, 30_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#tick);
  }

  override render() {
    const status = this.status ?? this.#fromWorkspace.value;
    if (!status) return html`<div part="badge" class="badge muted" role="status">Sync status unknown</div>`;
    const locale = this.locale ?? (this.closest('[lang]')?.getAttribute('lang') || undefined);
    const text = describeStatus(status, this.now ?? Date.now(), locale);
    return html`
      <div part="badge" class="badge">
        <span part="dot" class="dot" data-connectivity=${status.connectivity} aria-hidden="true"></span>
        <span role="status" aria-live="polite" aria-atomic="true">
          <span part="connectivity" class="connectivity">${text.connectivity}</span><span class="visually-hidden">:</span>
          <span class="separator" aria-hidden="true">·</span>
          <span part="summary" class="summary">${text.summary}</span>
        </span>
        ${
          text.documents.length > 0
            ? html`<button part="toggle" aria-expanded=${String(this.open)} aria-controls="documents"
                @click=${this.#toggle} @keydown=${this.#onKey}>Details</button>`
            : nothing
        }
      </div>
      ${
        this.open
          ? html`<ul part="documents" id="documents" aria-label="Documents" @keydown=${this.#onKey}>
              ${text.documents.map(
                (doc) => html`<li part="document"><span class="name">${doc.name}</span>: ${doc.text}</li>`,
              )}
            </ul>`
          : nothing
      }
    `;
  }

  #toggle(): void {
    this.open = !this.open;
    this.dispatchEvent(
      new CustomEvent('offgrid-toggle', { detail: { open: this.open }, bubbles: true, composed: true }),
    );
  }

  #onKey(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.open) {
      event.preventDefault();
      this.#toggle();
      this.renderRoot.querySelector<HTMLButtonElement>('button')?.focus();
    }
  }
}
