import type { ChannelEvent } from '../channel.ts';
import { GatewayError } from '../errors/gateway-error.ts';
import {
  type DocumentOpenEvent,
  type LinkAttachEvent,
  type StatelessEvent,
  SyncedEvent,
} from '../hub/events.ts';
import type { SyncDocument } from '../hub/sync-document.ts';
import type { SyncHub } from '../hub/sync-hub.ts';
import type { SyncLink } from '../hub/sync-link.ts';
import { decodeConfirmation, encodeConfirmation, type ServerConfirmation } from './confirmation-message.ts';

/**
 * Where a device keeps what the server is known to hold of each document, so that a restart still shows
 * "on the server up to 14:02" (a file, IndexedDB, the app's database: the caller's choice). May be async.
 */
export interface ServerStateStore {
  load(documentName: string): ServerConfirmation | undefined | Promise<ServerConfirmation | undefined>;
  save(documentName: string, confirmation: ServerConfirmation): void | Promise<void>;
}

/** `confirmed` on {@link ServerConfirmations}: what the server holds of a document grew. */
export class ServerConfirmedEvent extends Event {
  readonly documentName: string;
  readonly confirmation: ServerConfirmation;

  constructor(documentName: string, confirmation: ServerConfirmation) {
    super('confirmed');
    this.documentName = documentName;
    this.confirmation = confirmation;
  }
}

/**
 * What the central server holds of each document of a hub, as far as this device knows: learnt from the server
 * itself (a {@link ServerGateway} on this device) or from nearby peers, and passed on to nearby peers. Every
 * device of a group runs one, gateway or not. A confirmation is relayed only when it tells something new (a
 * larger state vector or a later time), so it spreads through a mesh and stops, without echo.
 * Events: `confirmed` ({@link ServerConfirmedEvent}), `invalid` (an `ErrorEvent`-like {@link GatewayError} in
 * `detail` of a `CustomEvent`: a peer sent a malformed confirmation, which was ignored).
 */
export class ServerConfirmations extends EventTarget {
  readonly #hub: SyncHub;
  readonly #store: ServerStateStore | undefined;
  readonly #known = new Map<string, ServerConfirmation>();

  constructor(hub: SyncHub, options: { store?: ServerStateStore } = {}) {
    super();
    this.#hub = hub;
    this.#store = options.store;
    hub.addEventListener('open', (event) => this.#watch((event as DocumentOpenEvent).document));
    hub.addEventListener('attach', (event) => this.#watchLink((event as LinkAttachEvent).link));
    for (const document of hub.documents.values()) this.#watch(document);
    for (const link of hub.links) this.#watchLink(link);
  }

  /** What the server is known to hold of a document, or `undefined`. */
  get(documentName: string): ServerConfirmation | undefined {
    return this.#known.get(documentName);
  }

  /**
   * Merges a confirmation (from the server, a peer or the store). If it tells something new, the document's
   * {@link SyncDocument.serverStatus} follows, the store saves it, and nearby peers are told. Returns whether it did.
   */
  confirm(documentName: string, confirmation: ServerConfirmation): boolean {
    const previous = this.#known.get(documentName);
    const merged = merge(previous, confirmation);
    if (merged === previous) return false;
    this.#known.set(documentName, merged);
    const document = this.#hub.get(documentName);
    document?.confirmServer(merged.stateVector, merged.at);
    void Promise.resolve(this.#store?.save(documentName, merged)).catch(() => {});
    if (document !== undefined) this.#tell(document, merged);
    this.dispatchEvent(new ServerConfirmedEvent(documentName, merged));
    return true;
  }

  #watch(document: SyncDocument): void {
    document.addEventListener('stateless', (event) => {
      const { payload } = event as StatelessEvent;
      let confirmation: ServerConfirmation | null;
      try {
        confirmation = decodeConfirmation(payload);
      } catch (error) {
        if (error instanceof GatewayError) this.dispatchEvent(new CustomEvent('invalid', { detail: error }));
        return;
      }
      if (confirmation === null) return;
      const own = confirmation.stateVector.get(document.doc.clientID) ?? 0;
      if (own > document.ownClock) return; // claims more of ours than we ever made: not a real server state
      this.confirm(document.name, confirmation);
    });
    const known = this.#known.get(document.name);
    if (known !== undefined) document.confirmServer(known.stateVector, known.at);
    const loading = this.#store?.load(document.name);
    void Promise.resolve(loading)
      .then((stored) => {
        if (stored !== undefined) this.confirm(document.name, stored);
      })
      .catch(() => {});
  }

  /** A peer that just caught up with a document hears what we know of the server's copy. */
  #watchLink(link: SyncLink): void {
    if (link.role !== 'peer') return;
    link.addEventListener('synced', (event: Event | ChannelEvent) => {
      if (!(event instanceof SyncedEvent)) return;
      const known = this.#known.get(event.documentName);
      const document = this.#hub.get(event.documentName);
      if (known === undefined || document === undefined) return;
      for (const linkDoc of document.links)
        if (linkDoc.link === link) link.sendStateless(linkDoc, encodeConfirmation(known));
    });
  }

  /**
   * Nearby peers only: never the Hocuspocus server (client role) nor providers we serve. The peer it came from
   * hears it back too (peer ids need not be unique per link); that tells it nothing new, so it stops there.
   */
  #tell(document: SyncDocument, confirmation: ServerConfirmation): void {
    const payload = encodeConfirmation(confirmation);
    for (const linkDoc of document.links) {
      if (linkDoc.link.role === 'peer' && linkDoc.active) linkDoc.link.sendStateless(linkDoc, payload);
    }
  }
}

/** The larger of two confirmations, per client; `previous` itself when `next` adds nothing. */
function merge(previous: ServerConfirmation | undefined, next: ServerConfirmation): ServerConfirmation {
  if (previous === undefined) return { stateVector: new Map(next.stateVector), at: next.at };
  let grew = next.at > previous.at;
  const vector = new Map(previous.stateVector);
  for (const [client, clock] of next.stateVector) {
    if (clock > (vector.get(client) ?? 0)) {
      vector.set(client, clock);
      grew = true;
    }
  }
  return grew ? { stateVector: vector, at: Math.max(previous.at, next.at) } : previous;
}
