import * as Y from 'yjs';
import type { SyncChannel } from '../channel.ts';
import { defaultWireLimits } from '../protocol/limits.ts';
import { defaultAwarenessLimits } from './awareness-check.ts';
import { DocumentOpenEvent, LinkAttachEvent } from './events.ts';
import type { HubContext, LinkRole, SyncHubOptions } from './hub-context.ts';
import { SyncDocument } from './sync-document.ts';
import { type LinkOptions, SyncLink } from './sync-link.ts';

/**
 * Documents shared over channels. Open documents with {@link open}, join channels with {@link attach}: every
 * document open on both sides of a channel syncs over it, and every update (local, or from any channel) is
 * relayed to the other channels the document is open on — so a mesh where not everyone sees everyone converges.
 * Events: `open` ({@link DocumentOpenEvent}), `attach` ({@link LinkAttachEvent}).
 *
 * @example
 * ```ts
 * const hub = new SyncHub({ access: (peer, doc) => (trusted.has(peer) ? 'write' : 'none') });
 * const notes = hub.open('notes');
 * hub.attach(dataChannel, { peerId: fingerprint });            // a nearby peer (symmetric)
 * hub.attach(new WebSocket(url), { peerId: 'cloud', role: 'client', token });   // a Hocuspocus server
 * notes.doc.getText('body').insert(0, 'hello');
 * notes.addEventListener('acks', () => console.log(notes.unconfirmed()));
 * ```
 */
export class SyncHub extends EventTarget {
  readonly #docs = new Map<string, SyncDocument>();
  readonly #links = new Set<SyncLink>();
  readonly #ctx: HubContext;

  constructor(options: SyncHubOptions = {}) {
    super();
    const now = options.now ?? Date.now;
    this.#now = now;
    this.#presenceTimeoutMs = options.presenceTimeoutMs ?? 30_000;
    this.#ctx = {
      limits: { ...defaultWireLimits, ...options.limits },
      awarenessLimits: { ...defaultAwarenessLimits, ...options.awarenessLimits },
      maxQueuedMessages: options.maxQueuedMessages ?? 1000,
      access: options.access ?? (() => 'write'),
      authenticate: options.authenticate ?? ((token, _name, link) => link.peerId || token),
      document: (name: string, role: LinkRole) => {
        const open = this.#docs.get(name);
        const resolves = role === 'server' || (role === 'peer' && options.resolveForPeers === true);
        if (open !== undefined || !resolves || options.resolveDocument === undefined) return open;
        const opened = (doc: Y.Doc | undefined) =>
          doc === undefined ? undefined : (this.#docs.get(name) ?? this.open(name, doc));
        const doc = options.resolveDocument(name, role);
        return doc instanceof Promise ? doc.then(opened, () => undefined) : opened(doc);
      },
      forget: (link) => {
        this.#links.delete(link);
      },
      ...(options.durable ? { durable: options.durable } : {}),
    };
  }

  readonly #now: () => number;
  readonly #presenceTimeoutMs: number;

  /** Opens (or returns the open) document of that name and starts syncing it on every link that may see it. */
  open(name: string, doc: Y.Doc = new Y.Doc()): SyncDocument {
    const open = this.#docs.get(name);
    if (open !== undefined) return open;
    const document = new SyncDocument(name, doc, this.#now, this.#presenceTimeoutMs);
    this.#docs.set(name, document);
    for (const link of this.#links) link.offer(document);
    this.dispatchEvent(new DocumentOpenEvent(document));
    return document;
  }

  get(name: string): SyncDocument | undefined {
    return this.#docs.get(name);
  }

  get documents(): ReadonlyMap<string, SyncDocument> {
    return this.#docs;
  }

  get links(): ReadonlySet<SyncLink> {
    return this.#links;
  }

  /** Stops syncing a document (peers and servers are told with a Close message) and forgets it. */
  closeDocument(name: string): void {
    const document = this.#docs.get(name);
    if (document === undefined) return;
    for (const link of this.#links) link.withdraw(document);
    document.destroy();
    this.#docs.delete(name);
  }

  /** Joins a channel; it stays until it closes (either side) or {@link SyncLink.close}. */
  attach(channel: SyncChannel, options: LinkOptions): SyncLink {
    const link = new SyncLink(channel, options, this.#ctx);
    if (link.closed) return link;
    this.#links.add(link);
    for (const document of this.#docs.values()) link.offer(document);
    this.dispatchEvent(new LinkAttachEvent(link));
    return link;
  }

  /** Closes every link and stops every document's presence timers. */
  destroy(): void {
    for (const link of [...this.#links]) link.close();
    for (const document of this.#docs.values()) document.destroy();
    this.#docs.clear();
  }
}
