import { css, html, LitElement } from 'lit';
import { followWorkspace } from './follow-workspace.ts';
import { formatBytes } from './format.ts';
import { baseStyles, emit } from './theme.ts';
import { transferRow } from './transfer-row.ts';
import type { NearbyPeer, PushOffer, ReceiveProgress } from './types.ts';
import type { ShareSource, ShareState } from './workspace-context.ts';

/**
 * `<offgrid-import-nearby>`: files nearby people offer, each with Accept and Decline, then its progress and a
 * Cancel button. A polite live region announces new offers. Names come from the sender: shown as text only.
 *
 * Properties: `offers` (GroupPush `PushOffer`s), `receipts` (GroupPush `ReceiveProgress`es of accepted offers),
 * `peers` (`NearbyPeer[]`, for the senders' names), `locale`. Unset, each follows the provided workspace
 * (`<offgrid-workspace>`): offers and receipts from its `share`, which the buttons then drive (unless a
 * listener cancels the event with `preventDefault()`).
 * Events: `offgrid-accept`, `offgrid-decline`, `offgrid-cancel` (each `detail: { transferId }`).
 * Parts: `offers`, `offer`, `title`, `accept`, `decline`, `cancel`, `bar`, `facts`, `empty`.
 */
export class OffgridImportNearby extends LitElement {
  static override properties = {
    offers: { attribute: false },
    receipts: { attribute: false },
    peers: { attribute: false },
    locale: { type: String },
  };
  static override styles = [
    baseStyles,
    css`
      ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
      li { display: grid; gap: 6px; padding: 10px; border: 1px solid var(--offgrid-border, #c9d1d9);
        border-radius: var(--offgrid-radius, 6px); background: var(--offgrid-surface, #fff); }
      .title { font-weight: 600; overflow-wrap: anywhere; }
      .actions { display: flex; gap: 8px; justify-content: flex-end; }
      progress { width: 100%; accent-color: var(--offgrid-accent, #0b5cad); }
      .facts { font-size: 12px; }
    `,
  ];

  declare offers: readonly PushOffer[] | undefined;
  declare receipts: readonly ReceiveProgress[] | undefined;
  declare peers: readonly NearbyPeer[] | undefined;
  declare locale: string | undefined;
  readonly #share = followWorkspace<ShareState, ShareSource>(this, (sources) => sources.share);
  readonly #peers = followWorkspace<readonly NearbyPeer[]>(this, (sources) => sources.peers);

  /** `offers`, else the provided share's: accepted ones (with their progress) first, then those waiting. */
  #offers(): readonly PushOffer[] {
    if (this.offers) return this.offers;
    const state = this.#share.value;
    if (!state) return [];
    return [...state.incoming.map((receipt) => ({ ...receipt, mediaType: '' })), ...state.offers];
  }

  #receipts(): readonly ReceiveProgress[] {
    return this.receipts ?? this.#share.value?.incoming ?? [];
  }

  #act(type: 'offgrid-accept' | 'offgrid-decline' | 'offgrid-cancel', transferId: string): void {
    if (!emit(this, type, { transferId }) || this.offers) return;
    const share = this.#share.source;
    if (type === 'offgrid-accept') share?.accept(transferId);
    else if (type === 'offgrid-decline') share?.decline(transferId);
    else share?.cancel(transferId);
  }

  #sender(offer: PushOffer): string {
    const peer = (this.peers ?? this.#peers.value ?? []).find((candidate) => candidate.id === offer.from);
    if (!peer) return 'an unknown device';
    return peer.verified ? peer.name : `${peer.name} (unverified)`;
  }

  override render() {
    const offers = this.#offers();
    const newest = offers.at(-1);
    return html`<div class="visually-hidden" role="status" aria-live="polite">
        ${newest ? `${this.#sender(newest)} offers ${newest.name}` : ''}
      </div>
      ${
        offers.length === 0
          ? html`<p part="empty" class="muted">Nothing offered from nearby.</p>`
          : html`<ul part="offers" aria-label="Offered from nearby">
              ${offers.map((offer) => this.#renderOffer(offer))}
            </ul>`
      }`;
  }

  #renderOffer(offer: PushOffer) {
    const receipt = this.#receipts().find((candidate) => candidate.transferId === offer.transferId);
    const title = `${offer.name}, ${formatBytes(offer.totalBytes, this.locale)}, from ${this.#sender(offer)}`;
    const id = `offer-${offer.transferId.slice(0, 16)}`;
    const failed = receipt?.state === 'failed';
    const done =
      receipt !== undefined &&
      (receipt.state === undefined
        ? receipt.receivedBytes >= receipt.totalBytes
        : receipt.state === 'imported');
    return html`<li part="offer" aria-labelledby=${id}>
      <span part="title" class="title" id=${id}>${title}</span>
      ${receipt ? transferRow(`Receiving ${offer.name}`, receipt, this.locale, !(done || failed)) : ''}
      <div class="actions">
        ${
          receipt
            ? done || failed
              ? html`<span role="status">${failed ? 'Not received.' : 'Received.'}</span>`
              : html`<button part="cancel" aria-label=${`Cancel receiving ${offer.name}`}
                  @click=${() => this.#act('offgrid-cancel', offer.transferId)}>Cancel</button>`
            : html`<button part="decline" aria-label=${`Decline ${offer.name}`}
                  @click=${() => this.#act('offgrid-decline', offer.transferId)}>Decline</button>
                <button part="accept" class="primary" aria-label=${`Accept ${offer.name}`}
                  @click=${() => this.#act('offgrid-accept', offer.transferId)}>Accept</button>`
        }
      </div>
    </li>`;
  }
}
