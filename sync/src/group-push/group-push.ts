import { sha256 } from '@noble/hashes/sha2.js';
import { type ChannelEvent, messageData, type SyncChannel } from '../channel.ts';
import { GroupPushError, PushProtocolError } from '../errors/group-push-error.ts';
import { chunkDigestFor, portableWholeHash } from './chunk-hash.ts';
import { IncomingPush } from './incoming-push.ts';
import { acceptOffer } from './offer-intake.ts';
import { OutgoingPush } from './outgoing-push.ts';
import { decodeFrame } from './push-frame-decoder.ts';
import { CancelReason, DeclineReason, encodeFrame, type PushFrame } from './push-frames.ts';
import type { PushHost } from './push-host.ts';
import { defaultPushLimits, MAX_PEER_ID_BYTES, type PushLimits } from './push-limits.ts';
import { PushLink } from './push-link.ts';
import { encodeManifest } from './push-manifest.ts';
import { createManifest, type PushContent, toHex, toPushSource } from './push-source.ts';
import { MemoryPushStore, type PushStore } from './push-store.ts';
import type { GroupPushOptions, PushOffer, PushOptions, PushResult } from './push-types.ts';

/** The label to give the data channel that carries group push (one per pair of peers, besides the documents'). */
export const GROUP_PUSH_CHANNEL_LABEL = 'offgrid-push';

/**
 * Ephemeral group push: send a message or a file to every member of a group of connected peers with one call,
 * and receive what others push. One instance per device; attach each peer's push channel with {@link addPeer}.
 * Receivers fetch chunks from each other as well as from the sender (docs/group-push.md).
 *
 * @example
 * ```ts
 * const push = new GroupPush({ id: myFingerprint, accept: (offer) => offer.totalBytes < 2 ** 30 });
 * push.addPeer(peerFingerprint, connection.createDataChannel('offgrid-push'));
 * const result = await push.push(file, { to: [peerFingerprint], group: 'class 3b' });
 * const allConfirmed = result.peers.every((p) => p.status === 'confirmed');
 * ```
 */
export class GroupPush {
  readonly #links = new Map<string, PushLink>();
  readonly #outgoing = new Map<string, OutgoingPush>();
  readonly #incoming = new Map<string, IncomingPush>();
  /** Offers waiting for the accept hook, by transfer id: the offering peer, and whether it cancelled meanwhile. */
  readonly #pendingOffers = new Map<string, { from: string; cancelled: boolean }>();
  readonly #host: PushHost;
  #closed = false;

  constructor(options: GroupPushOptions) {
    const limits: PushLimits = { ...defaultPushLimits, ...options.limits };
    const store: PushStore = options.store ?? new MemoryPushStore();
    const links = this.#links;
    this.#host = {
      self: options.id,
      limits,
      store,
      options,
      peerTimeoutMs: options.peerTimeoutMs ?? 30_000,
      redirectWaitMs: options.redirectWaitMs ?? 5000,
      maxBadChunks: options.maxBadChunks ?? 3,
      wholeHash: options.wholeHash ?? portableWholeHash,
      digest: chunkDigestFor(options.wholeHash),
      now: options.now ?? (() => performance.now()),
      link: (peer) => {
        const link = links.get(peer);
        return link?.open ? link : undefined;
      },
      linkedPeers: () => [...links.keys()],
      peerError: (peer, error) => this.#peerError(peer, error),
      ended: (key) => {
        this.#outgoing.delete(key);
        this.#incoming.delete(key);
      },
    };
  }

  /** This node's peer id. */
  get id(): string {
    return this.#host.self;
  }

  /**
   * Attaches the push channel to `peer` (its authenticated fingerprint); a channel already attached for that
   * peer is detached first. The channel may still be connecting: the peer counts as away until it opens. Returns a
   * function that detaches it. The channel stays the caller's to close.
   */
  addPeer(peer: string, channel: SyncChannel): () => void {
    if (this.#closed) throw new GroupPushError('closed', 'this GroupPush is closed');
    const previous = this.#links.get(peer);
    if (previous) this.#detach(previous);
    if ('binaryType' in channel) channel.binaryType = 'arraybuffer';
    const link = new PushLink(peer, channel);
    const onMessage = (event: ChannelEvent): void => this.#message(link, event);
    const onClose = (): void => this.#detach(link);
    // A channel still connecting (the dialling side of an LP2P data channel) drops what is sent on it: offers to
    // this peer wait for its `open`, and pushes started meanwhile are (re)offered then instead of timing out.
    const onOpen = (): void => {
      if (this.#links.get(peer) === link) for (const transfer of this.#transfers()) transfer.attached(peer);
    };
    channel.addEventListener('message', onMessage);
    channel.addEventListener('close', onClose);
    channel.addEventListener('open', onOpen);
    link.cleanup = () => {
      channel.removeEventListener('message', onMessage);
      channel.removeEventListener('close', onClose);
      channel.removeEventListener('open', onOpen);
    };
    this.#links.set(peer, link);
    if (link.open) for (const transfer of this.#transfers()) transfer.attached(peer);
    return () => this.#detach(link);
  }

  /** Peers with an open push channel. */
  peers(): string[] {
    return [...this.#links.values()].filter((link) => link.open).map((link) => link.peer);
  }

  /**
   * Pushes `content` to every peer in `options.to`. Resolves when every recipient has confirmed the whole
   * (SHA-256 verified), declined, failed or cancelled, with one result per recipient; rejects only with
   * `aborted` (the signal), `closed` or `invalid-argument`.
   */
  async push(content: PushContent, options: PushOptions): Promise<PushResult> {
    this.#check(options);
    const { signal } = options;
    const aborted = (): GroupPushError =>
      new GroupPushError('aborted', 'the push was aborted', { cause: signal?.reason });
    if (signal?.aborted) throw aborted();
    const source = toPushSource(content);
    const kind = typeof content === 'string' ? 'message' : 'file';
    const fileName = typeof content === 'object' && 'name' in content ? String(content.name) : undefined;
    const name = options.name ?? fileName ?? kind;
    const mediaType =
      options.mediaType ?? (kind === 'message' ? 'text/plain;charset=utf-8' : 'application/octet-stream');
    const info = { kind, name, mediaType } as const;
    const manifest = await createManifest(source, info, this.#host, signal).catch((error) => {
      throw signal?.aborted ? aborted() : error;
    });
    if (this.#closed) throw new GroupPushError('closed', 'this GroupPush is closed');
    const manifestBytes = encodeManifest(manifest);
    const id = sha256(manifestBytes);
    const key = toHex(id);
    if (this.#outgoing.has(key) || this.#incoming.has(key)) {
      throw new GroupPushError('invalid-argument', 'this content is already being pushed or received here');
    }
    const group = options.group ?? '';
    const out = new OutgoingPush(this.#host, {
      key,
      id,
      manifest,
      manifestBytes,
      source,
      group,
      to: options.to,
      onProgress: options.onProgress,
    });
    this.#outgoing.set(key, out);
    const onAbort = (): void => out.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      out.start();
      return await out.result;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Stops everything: pushes reject with `closed`, receipts stop (stored chunks stay for a resume). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const out of [...this.#outgoing.values()]) out.abort(undefined, 'closed');
    for (const incoming of [...this.#incoming.values()]) incoming.stop();
    for (const link of [...this.#links.values()]) this.#detach(link);
  }

  #check(options: PushOptions): void {
    if (this.#closed) throw new GroupPushError('closed', 'this GroupPush is closed');
    const to = options.to;
    const encoder = new TextEncoder();
    if (to.length === 0 || to.length > this.#host.limits.maxMembers || new Set(to).size !== to.length) {
      throw new GroupPushError(
        'invalid-argument',
        `push to 1..${this.#host.limits.maxMembers} distinct peers`,
      );
    }
    for (const peer of to) {
      if (peer === this.#host.self || peer.length === 0 || encoder.encode(peer).length > MAX_PEER_ID_BYTES) {
        throw new GroupPushError('invalid-argument', `cannot push to ${JSON.stringify(peer)}`);
      }
    }
  }

  #transfers(): Array<OutgoingPush | IncomingPush> {
    return [...this.#outgoing.values(), ...this.#incoming.values()];
  }

  #message(link: PushLink, event: ChannelEvent): void {
    if (this.#links.get(link.peer) !== link) return;
    try {
      const data = messageData(event);
      if (!(data instanceof ArrayBuffer))
        throw new PushProtocolError('malformed-frame', 'push frames must be binary');
      this.#route(link.peer, decodeFrame(new Uint8Array(data), this.#host.limits));
    } catch (error) {
      const pushError =
        error instanceof GroupPushError
          ? error
          : new PushProtocolError('malformed-frame', 'push frame could not be handled', { cause: error });
      this.#peerError(link.peer, pushError);
      this.#detach(link);
      try {
        link.channel.close();
      } catch {
        // Already closing.
      }
    }
  }

  #route(peer: string, frame: PushFrame): void {
    if (frame.type === 'offer') {
      this.#offer(peer, frame).catch((error: unknown) => {
        this.#peerError(
          peer,
          new GroupPushError('store-failed', 'an offer could not be taken in', { cause: error }),
        );
      });
      return;
    }
    const key = toHex(frame.id);
    const transfer = this.#outgoing.get(key) ?? this.#incoming.get(key);
    if (transfer) {
      transfer.onFrame(peer, frame);
      return;
    }
    const pending = this.#pendingOffers.get(key);
    if (frame.type === 'cancel' && pending?.from === peer) pending.cancelled = true;
    // A request for a transfer this node does not have (it ended, or this node restarted): it is over here.
    if (frame.type === 'request') {
      this.#links.get(peer)?.send(encodeFrame({ type: 'cancel', id: frame.id, reason: CancelReason.failed }));
    }
  }

  async #offer(peer: string, frame: Extract<PushFrame, { type: 'offer' }>): Promise<void> {
    const key = toHex(frame.id);
    const existing = this.#incoming.get(key);
    if (existing) return existing.reoffered(peer);
    const decline = (reason: number): void =>
      this.#host.link(peer)?.send(encodeFrame({ type: 'decline', id: frame.id, reason }));
    if (this.#outgoing.has(key)) return decline(DeclineReason.declined);
    if (this.#pendingOffers.has(key)) return;
    const pending = { from: peer, cancelled: false };
    this.#pendingOffers.set(key, pending);
    try {
      const intake = await acceptOffer(this.#host, peer, frame);
      if (this.#closed || this.#incoming.has(key)) return;
      if (pending.cancelled) {
        if (intake.accept)
          this.#receiveFailed(intake.offer, new GroupPushError('cancelled', `${peer} cancelled the push`));
        return;
      }
      if (!intake.accept) return decline(intake.reason);
      const incoming = new IncomingPush(this.#host, intake.offer, frame.id);
      this.#incoming.set(key, incoming);
      await incoming.start(intake.signal);
    } finally {
      this.#pendingOffers.delete(key);
    }
  }

  #detach(link: PushLink): void {
    if (this.#links.get(link.peer) !== link) return;
    this.#links.delete(link.peer);
    link.cleanup?.();
    link.close();
    for (const transfer of this.#transfers()) transfer.detached(link.peer);
  }

  #receiveFailed(offer: PushOffer, error: GroupPushError): void {
    try {
      this.#host.options.onReceiveFailed?.(offer, error);
    } catch {
      // The application's handler must not break the protocol.
    }
  }

  #peerError(peer: string, error: GroupPushError): void {
    try {
      this.#host.options.onPeerError?.(peer, error);
    } catch {
      // The application's handler must not break the protocol.
    }
  }
}
