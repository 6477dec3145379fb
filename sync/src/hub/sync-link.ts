import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { isChannelClosed, isChannelOpen, type SyncChannel } from '../channel.ts';
import { SyncAccessError } from '../errors/sync-access-error.ts';
import { SyncError } from '../errors/sync-error.ts';
import { SyncProtocolError } from '../errors/sync-protocol-error.ts';
import { parseAddress, type SyncMessage } from '../protocol/sync-message.ts';
import { checkAwarenessUpdate } from './awareness-check.ts';
import { StatelessEvent, SyncErrorEvent, SyncedEvent } from './events.ts';
import type { AccessLevel, HubContext, LinkRole } from './hub-context.ts';
import { LinkDoc } from './link-doc.ts';
import { LinkInbox } from './link-inbox.ts';
import { LinkOutbox } from './link-outbox.ts';
import { applyRemoteChanges } from './remote-changes.ts';
import type { SyncDocument } from './sync-document.ts';

/** How a channel joins a hub. */
export interface LinkOptions {
  /** Who is on the other side: the authenticated fingerprint (peer, client roles) or a label (server role). */
  peerId: string;
  role?: LinkRole;
  /** Client role: the token sent first for every document, as `HocuspocusProvider` does. */
  token?: string;
}

/** A message addressed to a document (every kind but ping and pong). */
type DocMessage = Exclude<SyncMessage, { kind: 'ping' | 'pong' }>;

/** Answer for a document the peer may not see, identical whether it exists or not (Hocuspocus wording). */
const deniedReason = 'permission-denied';

/**
 * One channel joined to a {@link SyncHub}: many documents share it, each addressed by name. Remote input is
 * decoded with limits and checked; anything bad closes this channel only (`error` event with a
 * {@link SyncProtocolError}), never the documents or other channels. Events: `error`, `refused` (a write was
 * refused either way), `denied` (the peer refused us a document), `synced` (a step 2 was applied), `close`.
 */
export class SyncLink extends EventTarget {
  readonly channel: SyncChannel;
  readonly peerId: string;
  readonly role: LinkRole;
  readonly #token: string;
  readonly #ctx: HubContext;
  readonly #docs = new Map<string, LinkDoc>();
  readonly #inbox: LinkInbox;
  readonly #outbox: LinkOutbox;
  #closed = false;
  /** Acks waiting for their changes to be durable, in order. */
  #acking: Promise<void> | undefined;
  /** Documents offered while the channel was still connecting (a WebSocket just created). */
  readonly #deferred = new Set<SyncDocument>();

  /** @internal Use {@link SyncHub.attach}. */
  constructor(channel: SyncChannel, options: LinkOptions, ctx: HubContext) {
    super();
    this.channel = channel;
    this.peerId = options.peerId;
    this.role = options.role ?? 'peer';
    this.#token = options.token ?? '';
    this.#ctx = ctx;
    this.#outbox = new LinkOutbox(channel, this.role !== 'server', () => this.close());
    const handle = (message: SyncMessage) => this.#handle(message);
    this.#inbox = new LinkInbox(ctx.limits, ctx.maxQueuedMessages, handle, (error) => this.#fail(error));
    if ('binaryType' in channel) channel.binaryType = 'arraybuffer';
    channel.addEventListener('message', this.#inbox.receive);
    channel.addEventListener('close', this.#onClose);
    if (isChannelClosed(channel)) queueMicrotask(this.#onClose);
    else if (!isChannelOpen(channel)) channel.addEventListener('open', this.#onOpen);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Addresses of the documents open on this link. */
  addresses(): string[] {
    return [...this.#docs.keys()];
  }

  /** Closes the channel; the documents stay and go on with the other links. */
  close(): void {
    if (this.#closed) return;
    this.#teardown();
    try {
      this.channel.close();
    } catch {
      // already closing
    }
  }

  /** @internal A document was opened locally: start syncing it here if the role and access allow. */
  offer(document: SyncDocument): void {
    if (this.#closed || this.role === 'server' || this.#docs.has(document.name)) return;
    if (!isChannelOpen(this.channel)) {
      this.#deferred.add(document);
      return;
    }
    if (this.role === 'client') {
      const linkDoc = this.#add(new LinkDoc(this, document.name, document, this.peerId, 'write'));
      this.#send({ kind: 'auth-token', address: document.name, token: this.#token });
      this.#sendStep1(linkDoc);
      this.#activate(linkDoc);
      const local = document.awareness.getLocalState();
      if (local !== null) this.sendAwareness(linkDoc, this.#awarenessOf(document, [document.doc.clientID]));
      return;
    }
    const access = this.#ctx.access(this.peerId, document.name);
    if (access === 'none') return;
    this.#sendStep1(this.#add(new LinkDoc(this, document.name, document, this.peerId, access)));
  }

  /** @internal A document was closed locally. */
  withdraw(document: SyncDocument): void {
    this.#deferred.delete(document);
    for (const linkDoc of [...this.#docs.values()]) {
      if (linkDoc.document !== document) continue;
      this.#send({ kind: 'close', address: linkDoc.address });
      this.#drop(linkDoc);
    }
  }

  /** @internal The document changed for this peer (locally or through another link): sent at the end of the tick. */
  queueChanges(linkDoc: LinkDoc): void {
    this.#outbox.queueChanges(linkDoc);
  }

  /** @internal */
  sendStateless(linkDoc: LinkDoc, payload: string): void {
    this.#send({ kind: 'stateless', address: linkDoc.address, payload });
  }

  /** @internal */
  sendAwareness(linkDoc: LinkDoc, update: Uint8Array): void {
    this.#send({ kind: 'awareness', address: linkDoc.address, update });
  }

  #onOpen = (): void => {
    this.channel.removeEventListener('open', this.#onOpen);
    const deferred = [...this.#deferred];
    this.#deferred.clear();
    for (const document of deferred) this.offer(document);
  };

  #handle(message: SyncMessage): void | Promise<void> {
    if (message.kind === 'ping') return this.#send({ kind: 'pong' });
    if (message.kind === 'pong') return;
    const { address } = message;
    switch (message.kind) {
      case 'auth-token':
        return this.role === 'server' ? this.#onToken(address, message.token) : undefined;
      case 'auth-token-request':
        if (this.role === 'client' && this.#docs.has(address))
          this.#send({ kind: 'auth-token', address, token: this.#token });
        return;
      case 'auth-ok':
        return;
      case 'auth-denied':
        return this.#onDenied(address);
      case 'broadcast-stateless':
        throw new SyncProtocolError(
          'unknown-message-type',
          'broadcast-stateless is internal to a Hocuspocus cluster',
        );
    }
    const found = this.#linkDocFor(address);
    if (found instanceof Promise) return found.then((linkDoc) => this.#handleDoc(message, linkDoc));
    return this.#handleDoc(message, found);
  }

  /** A message about one document, once we know whether the peer may see it (`undefined`: it may not). */
  #handleDoc(message: DocMessage, linkDoc: LinkDoc | undefined): void | Promise<void> {
    if (this.#closed) return;
    const { address } = message;
    if (linkDoc === undefined) {
      // A server answers only the auth message (Hocuspocus holds the rest until auth, then drops them).
      const answer = this.role !== 'server' && message.kind !== 'close' && message.kind !== 'sync-status';
      if (answer) this.#send({ kind: 'auth-denied', address, reason: deniedReason });
      return;
    }
    switch (message.kind) {
      case 'sync-step1':
        return this.#onStep1(linkDoc, message.stateVector, message.reply);
      case 'sync-step2':
      case 'update':
        return this.#onChanges(linkDoc, message.update, message.kind);
      case 'sync-status':
        return this.#onStatus(linkDoc, message.applied);
      case 'awareness': {
        const { awareness } = linkDoc.document;
        checkAwarenessUpdate(message.update, awareness.getStates(), this.#ctx.awarenessLimits);
        awarenessProtocol.applyAwarenessUpdate(awareness, message.update, linkDoc);
        return;
      }
      case 'query-awareness':
        return this.sendAwareness(linkDoc, this.#awarenessOf(linkDoc.document));
      case 'stateless':
        linkDoc.document.dispatchEvent(new StatelessEvent(message.payload, linkDoc.peerId));
        return;
      case 'close':
        if (this.role === 'server') this.#send({ kind: 'close', address, reason: 'provider_initiated' });
        return this.#drop(linkDoc);
    }
  }

  /**
   * The document behind an address, if the peer may see it. Peers open documents by sending step 1; a hub that
   * opens documents on demand may take a while to find it (read from storage).
   */
  #linkDocFor(address: string): LinkDoc | undefined | Promise<LinkDoc | undefined> {
    const existing = this.#docs.get(address);
    if (existing !== undefined || this.role !== 'peer') return existing;
    const { name } = parseAddress(address);
    const access = this.#ctx.access(this.peerId, name);
    if (access === 'none') return undefined;
    const join = (document: SyncDocument | undefined): LinkDoc | undefined => {
      if (this.#closed || document === undefined) return undefined;
      // Opening it on demand offered it here already (the hub offers a new document to every link).
      return this.#docs.get(address) ?? this.#add(new LinkDoc(this, address, document, this.peerId, access));
    };
    const document = this.#ctx.document(name, this.role);
    return document instanceof Promise ? document.then(join) : join(document);
  }

  #onToken(address: string, token: string): void | Promise<void> {
    const { name } = parseAddress(address);
    const finish = (identity: string | null): void | Promise<void> => {
      if (this.#closed) return;
      const previous = this.#docs.get(address);
      if (previous) this.#drop(previous);
      const access = identity === null ? 'none' : this.#ctx.access(identity, name);
      const found = access === 'none' ? undefined : this.#ctx.document(name, this.role);
      if (found instanceof Promise) return found.then((document) => grant(identity, access, document));
      grant(identity, access, found);
    };
    const grant = (identity: string | null, access: AccessLevel, document: SyncDocument | undefined) => {
      if (this.#closed) return;
      if (identity === null || document === undefined || access === 'none') {
        this.#send({ kind: 'auth-denied', address, reason: deniedReason });
        return;
      }
      const linkDoc = this.#add(new LinkDoc(this, address, document, identity, access));
      this.#activate(linkDoc);
      this.#send({ kind: 'auth-ok', address, scope: access === 'write' ? 'read-write' : 'readonly' });
      if (document.awareness.getStates().size > 0) this.sendAwareness(linkDoc, this.#awarenessOf(document));
    };
    let identity: string | null | Promise<string | null>;
    try {
      identity = this.#ctx.authenticate(token, name, this);
    } catch {
      identity = null;
    }
    if (identity instanceof Promise) return identity.then(finish, () => finish(null));
    return finish(identity);
  }

  #onDenied(address: string): void {
    const linkDoc = this.#docs.get(address);
    if (linkDoc === undefined) return;
    this.#drop(linkDoc);
    const error = new SyncAccessError(
      'denied',
      linkDoc.document.name,
      `${this.peerId} refused ${linkDoc.document.name}`,
    );
    this.dispatchEvent(new SyncErrorEvent('denied', error, linkDoc.document.name));
  }

  #onStep1(linkDoc: LinkDoc, stateVector: Uint8Array, reply: boolean): void {
    const { doc } = linkDoc.document;
    let remote: Map<number, number>;
    try {
      remote = Y.decodeStateVector(stateVector);
    } catch (cause) {
      throw new SyncProtocolError('invalid-update', 'the state vector does not decode', { cause });
    }
    const own = remote.get(doc.clientID);
    if (own !== undefined) linkDoc.document.confirm(linkDoc.peerId, { seq: 0, clock: own });
    this.#outbox.sendChanges(linkDoc, 'sync-step2', Y.encodeStateAsUpdate(doc, stateVector));
    // The step 2 carries every struct past the peer's state vector and every deletion.
    linkDoc.deletes.length = 0;
    linkDoc.knowsUpTo(remote);
    const wasActive = linkDoc.active;
    this.#activate(linkDoc);
    if (reply) return;
    if (this.role === 'server') this.#sendStep1(linkDoc);
    if (this.role !== 'peer') return;
    if (!linkDoc.sentStep1) this.#sendStep1(linkDoc);
    if (!wasActive && linkDoc.document.awareness.getStates().size > 0) {
      this.sendAwareness(linkDoc, this.#awarenessOf(linkDoc.document));
    }
  }

  #onChanges(linkDoc: LinkDoc, update: Uint8Array, kind: 'sync-step2' | 'update'): void {
    let outcome: ReturnType<typeof applyRemoteChanges>;
    try {
      outcome = applyRemoteChanges(linkDoc, update, kind);
    } catch (error) {
      // With Hocuspocus on the other side, an update may come before the step 2 it builds on (a provider editing
      // on top of offline changes during the handshake; a server relaying before answering our step 1): keep it
      // until then. Our peers never do that (they answer step 1 before sending updates), so they stay strict.
      const early =
        error instanceof SyncProtocolError && error.code === 'missing-structures' && !linkDoc.peerSynced;
      if (!early || this.role === 'peer') throw error;
      linkDoc.holdEarly(update);
      return;
    }
    this.#answerChanges(linkDoc, outcome, kind);
    if (kind !== 'sync-step2' || outcome === 'refused') return;
    linkDoc.peerSynced = true;
    for (const early of linkDoc.takeEarly())
      this.#answerChanges(linkDoc, applyRemoteChanges(linkDoc, early, 'update'), 'update');
  }

  #answerChanges(
    linkDoc: LinkDoc,
    outcome: ReturnType<typeof applyRemoteChanges>,
    kind: 'sync-step2' | 'update',
  ): void {
    const { address, document } = linkDoc;
    if (this.role !== 'client') this.#acknowledge(address, document.name, outcome !== 'refused');
    if (outcome === 'refused') this.#refused(linkDoc, `${linkDoc.peerId} may not write ${document.name}`);
    else if (kind === 'sync-step2') this.dispatchEvent(new SyncedEvent(document.name));
  }

  /**
   * Sends the ack (sync-status) once the change is durable here, when the hub knows how to tell. Acks are
   * matched to updates in order, so they are chained; a store that fails closes the link rather than
   * acknowledging what is not stored (the peer sends it again when it syncs anew).
   */
  #acknowledge(address: string, documentName: string, applied: boolean): void {
    const durable = applied ? this.#ctx.durable?.(documentName) : undefined;
    const send = () => {
      if (!this.#closed) this.#send({ kind: 'sync-status', address, applied });
    };
    if (durable === undefined && this.#acking === undefined) {
      send();
      return;
    }
    const acking: Promise<void> = (this.#acking ?? Promise.resolve())
      .then(() => durable)
      .then(send, () => this.close())
      .finally(() => {
        if (this.#acking === acking) this.#acking = undefined;
      });
    this.#acking = acking;
  }

  #onStatus(linkDoc: LinkDoc, applied: boolean): void {
    const mark = linkDoc.acks.acked(applied);
    if (mark === undefined) return;
    if (applied) {
      // `null`: applied, but not known to be on top of everything below it (LinkAcks) — the ack is noted only.
      linkDoc.document.confirm(linkDoc.peerId, mark ?? { seq: 0, clock: 0 });
      return;
    }
    linkDoc.document.refuse(linkDoc.peerId);
    this.#refused(linkDoc, `${this.peerId} refused our update`);
  }

  #refused(linkDoc: LinkDoc, message: string): void {
    const { name } = linkDoc.document;
    const error = new SyncAccessError('write-denied', name, message);
    this.dispatchEvent(new SyncErrorEvent('refused', error, name));
    linkDoc.document.dispatchEvent(new SyncErrorEvent('refused', error, name));
  }

  /**
   * Changes flow to the peer from now on, each tick's from what the peer holds. Without its state vector yet (a
   * client or server link, before step 1), that is taken to be what we hold: the step 1 / step 2 exchange that
   * follows brings it whatever it lacks before that — so until our step 2, the peer's acks confirm nothing
   * (`LinkAcks`).
   */
  #activate(linkDoc: LinkDoc): void {
    linkDoc.knowsUpTo(Y.decodeStateVector(Y.encodeStateVector(linkDoc.document.doc)));
    linkDoc.active = true;
  }

  #sendStep1(linkDoc: LinkDoc): void {
    linkDoc.sentStep1 = true;
    const stateVector = Y.encodeStateVector(linkDoc.document.doc);
    this.#send({ kind: 'sync-step1', address: linkDoc.address, stateVector, reply: false });
  }

  #awarenessOf(document: SyncDocument, clients = [...document.awareness.getStates().keys()]): Uint8Array {
    return awarenessProtocol.encodeAwarenessUpdate(document.awareness, clients);
  }

  #send(message: SyncMessage): void {
    this.#outbox.send(message);
  }

  #add(linkDoc: LinkDoc): LinkDoc {
    this.#docs.set(linkDoc.address, linkDoc);
    linkDoc.document.attach(linkDoc);
    return linkDoc;
  }

  #drop(linkDoc: LinkDoc): void {
    if (this.#docs.get(linkDoc.address) !== linkDoc) return;
    this.#docs.delete(linkDoc.address);
    linkDoc.active = false;
    linkDoc.document.detach(linkDoc);
  }

  #fail(error: unknown): void {
    const typed =
      error instanceof SyncError ? error : new SyncError('internal', String(error), { cause: error });
    this.dispatchEvent(new SyncErrorEvent('error', typed));
    this.close();
  }

  #onClose = (): void => {
    if (!this.#closed) this.#teardown();
  };

  #teardown(): void {
    this.#closed = true;
    this.#outbox.closed = true;
    this.#inbox.close();
    this.channel.removeEventListener('message', this.#inbox.receive);
    this.channel.removeEventListener('close', this.#onClose);
    this.channel.removeEventListener('open', this.#onOpen);
    this.#deferred.clear();
    for (const linkDoc of [...this.#docs.values()]) this.#drop(linkDoc);
    this.#ctx.forget(this);
    this.dispatchEvent(new Event('close'));
  }
}
