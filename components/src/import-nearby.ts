import { css, html, LitElement } from 'lit';
import { formatBytes } from './format.ts';
import { baseStyles, emit } from './theme.ts';
import { transferRow } from './transfer-row.ts';
import type { NearbyPeer, PushOffer, ReceiveProgress } from './types.ts';

/**
 * `<offgrid-import-nearby>`: files nearby people offer, each with Accept and Decline, then its progress and a
 * Cancel button. A polite live region announces new offers. Names come from the sender: shown as text only.
 *
 * Properties: `offers` (GroupPush `PushOffer`s), `receipts` (GroupPush `ReceiveProgress`es of accepted offers),
 * `peers` (`NearbyPeer[]`, for the senders' names), `locale`.
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

  declare offers: readonly PushOffer[];
  declare receipts: readonly ReceiveProgress[];
  declare peers: readonly NearbyPeer[];
  declare locale: string | undefined;

  constructor() {
    super();
    this.offers = [];
    this.receipts = [];
    this.peers = [];
  }

  #sender(offer: PushOffer): string {
    const peer = this.peers.find((candidate) => candidate.id === offer.from);
    if (!peer) return 'an unknown device';
    return peer.verified ? peer.name : `${peer.name} (unverified)`;
  }

  override render() {
    const newest = this.offers.at(-1);
    return html`<div class="visually-hidden" role="status" aria-live="polite">
        ${newest ? `${this.#sender(newest)} offers ${newest.name}` : ''}
      </div>
      ${
        this.offers.length === 0
          ? html`<p part="empty" class="muted">Nothing offered from nearby.</p>`
          : html`<ul part="offers" aria-label="Offered from nearby">
              ${this.offers.map((offer) => this.#renderOffer(offer))}
            </ul>`
      }`;
  }

  #renderOffer(offer: PushOffer) {
    const receipt = this.receipts.find((candidate) => candidate.transferId === offer.transferId);
    const title = `${offer.name}, ${formatBytes(offer.totalBytes, this.locale)}, from ${this.#sender(offer)}`;
    const id = `offer-${offer.transferId.slice(0, 16)}`;
    const done = receipt !== undefined && receipt.receivedBytes >= receipt.totalBytes;
    return html`<li part="offer" aria-labelledby=${id}>
      <span part="title" class="title" id=${id}>${title}</span>
      ${receipt ? transferRow(`Receiving ${offer.name}`, receipt, this.locale) : ''}
      <div class="actions">
        ${
          receipt
            ? done
              ? html`<span role="status">Received.</span>`
              : html`<button part="cancel" aria-label=${`Cancel receiving ${offer.name}`}
                  @click=${() => emit(this, 'offgrid-cancel', { transferId: offer.transferId })}>Cancel</button>`
            : html`<button part="decline" aria-label=${`Decline ${offer.name}`}
                  @click=${() => emit(this, 'offgrid-decline', { transferId: offer.transferId })}>Decline</button>
                <button part="accept" class="primary" aria-label=${`Accept ${offer.name}`}
                  @click=${() => emit(this, 'offgrid-accept', { transferId: offer.transferId })}>Accept</button>`
        }
      </div>
    </li>`;
  }
}
