import { GroupPushError, type GroupPushErrorCode } from '@offgrid/sync';
import {
  type AgentMessage,
  decodeAgentMessage,
  encodeRelay,
  fromBase64,
  isRelayFrame,
  MAX_RELAY_PART,
  type PageRequest,
  type RelayPeer,
  toBase64,
} from '../share/relay-protocol.ts';
import { ShareError } from '../share/share-error.ts';
import {
  ImportEvent,
  ImportFailedEvent,
  type ShareEventMap,
  ShareOfferEvent,
} from '../share/share-events.ts';
import type {
  Imported,
  IncomingShare,
  OutgoingProgress,
  ShareFile,
  ShareOptions,
  ShareResult,
  ShareSnapshot,
} from '../share/share-types.ts';
import { encodeStateVectorBase64, whenCovers } from '../share/state-vector-wait.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { PageShareError } from './page-share-error.ts';
import { ProgressDiff } from './progress-diff.ts';

/** What the page share needs of its link to the agent ({@link AgentLink} has it). */
export interface RelayLink extends EventTarget {
  readonly connected: boolean;
  readonly bufferedAmount: number;
  sendText(text: string): boolean;
  onText(listener: (text: string) => void): () => void;
}

interface Pending {
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly parts?: Uint8Array<ArrayBuffer>[];
}

/** A nearby device as `<offgrid-peer-list>` shows it (`NearbyPeer` of the components). */
export interface PageSharePeer {
  readonly id: string;
  readonly name: string;
  /** The name is the one the agent's trust store keeps for this paired peer. */
  readonly verified: boolean;
  readonly trusted: boolean;
}

type Listener = Parameters<EventTarget['addEventListener']>[1];
type ListenerOptions = Parameters<EventTarget['addEventListener']>[2];
const HIGH_WATER = 4 * 1024 * 1024;
const EMPTY: ShareSnapshot = { offers: [], incoming: [], outgoing: [] };

/**
 * Share to nearby / import from nearby in a page, through its agent (docs/framework.md §Share from a page): the
 * same public API as {@link NearbyShare}, relayed to the agent's own `NearbyShare` for the app over the page's sync
 * socket. Peers are the nearby agents granted the app (fingerprints; {@link nearbyPeers} adds their names). A share
 * runs on the agent: once started (a file's bytes handed over) it finishes even if the tab closes. An imported
 * document is merged into the agent's replica and reaches this page by sync (the `import` event comes once it has);
 * an imported file's bytes are fetched from the agent and come with the `import` event. Get one with
 * `nearbyShare(workspace)` for a workspace from `openAppWorkspace`.
 */
export class PageShare extends EventTarget {
  readonly #workspace: Workspace;
  readonly #link: RelayLink;
  readonly #pending = new Map<number, Pending>();
  readonly #localIds = new Map<number, number>();
  readonly #provisional = new Map<number, OutgoingProgress>();
  /** This page's share requests (request id) → the local id of their outgoing entry. */
  readonly #ownShares = new Map<number, number>();
  readonly #diff = new ProgressDiff(this);
  readonly #stopText: () => void;
  #agent: ShareSnapshot = EMPTY;
  #peers: RelayPeer[] = [];
  #nextId = 1;
  #closed = false;

  constructor(workspace: Workspace, link: RelayLink) {
    super();
    this.#workspace = workspace;
    this.#link = link;
    this.#stopText = link.onText((text) => this.#onText(text));
    link.addEventListener('open', this.#subscribe);
    link.addEventListener('close', this.#disconnected);
    if (link.connected) this.#subscribe();
  }

  override addEventListener<K extends keyof ShareEventMap>(
    type: K,
    listener: (event: ShareEventMap[K]) => void,
    options?: ListenerOptions,
  ): void;
  override addEventListener(type: string, listener: Listener, options?: ListenerOptions): void;
  override addEventListener(
    type: string,
    listener: Listener | ((event: never) => void),
    options?: ListenerOptions,
  ): void {
    super.addEventListener(type, listener as Listener, options);
  }

  /** Nearby agents granted this app with a push channel now (their fingerprints: the ids `to` takes). */
  peers(): string[] {
    return this.#peers.map((peer) => peer.id);
  }

  /** The same, with names, shaped for `<offgrid-workspace .peers=…>` / `<offgrid-peer-list>`. */
  nearbyPeers(): PageSharePeer[] {
    return this.#peers.map(({ id, name }) => ({
      id,
      name: name || id.slice(0, 12),
      verified: true,
      trusted: true,
    }));
  }

  /** Shares the document `name` as this page holds it (the agent waits for the page's edits to reach it). */
  shareDocument(name: string, options: ShareOptions): Promise<ShareResult> {
    const sv = encodeStateVectorBase64(this.#workspace.doc(name));
    return this.#share('document', name, 0, options, (id) => {
      this.#send({ op: 'share-document', id, name, to: [...options.to], sv });
    });
  }

  /** Shares a file: its bytes go to the agent, which shares them; the tab may close once they are there. */
  shareFile(file: ShareFile | File, options: ShareOptions): Promise<ShareResult> {
    const content = isBlob(file) ? { name: file.name, type: file.type, bytes: file as Blob } : file;
    const size = content.bytes instanceof Uint8Array ? content.bytes.byteLength : content.bytes.size;
    return this.#share('file', content.name, size, options, async (id) => {
      const type = content.type || 'application/octet-stream';
      this.#send({ op: 'file-start', id, name: content.name, type, size, to: [...options.to] });
      const bytes = content.bytes instanceof Uint8Array ? content.bytes : content.bytes;
      for (let offset = 0; offset < size; offset += MAX_RELAY_PART) {
        const part =
          bytes instanceof Uint8Array
            ? bytes.subarray(offset, offset + MAX_RELAY_PART)
            : new Uint8Array(await bytes.slice(offset, offset + MAX_RELAY_PART).arrayBuffer());
        while (this.#link.bufferedAmount > HIGH_WATER) await new Promise((r) => setTimeout(r, 5));
        this.#send({ op: 'data', id, data: toBase64(part) });
      }
    });
  }

  /** Accepts a pending offer (on the agent: the content is received there, then imported). */
  accept(transferId: string, options: { as?: string } = {}): boolean {
    return this.#answer('accept', transferId, options.as);
  }

  decline(transferId: string): boolean {
    return this.#answer('decline', transferId);
  }

  /** Cancels a share or a receipt running on the agent (from this page or another of the app's pages). */
  cancel(transferId: string): boolean {
    const known =
      this.#agent.outgoing.some((s) => s.transferId === transferId && !s.done) ||
      this.#agent.incoming.some((r) => r.transferId === transferId && r.state === 'receiving');
    if (known) this.#request((id) => this.#send({ op: 'cancel', id, transferId })).catch(() => {});
    return known;
  }

  snapshot(): ShareSnapshot {
    const outgoing = this.#agent.outgoing.map((entry) => ({ ...entry, id: this.#localId(entry.id) }));
    return { ...this.#agent, outgoing: [...outgoing, ...this.#provisional.values()] };
  }

  /** Stops following the agent (shares running there go on). */
  close(): void {
    this.#closed = true;
    this.#stopText();
    this.#link.removeEventListener('open', this.#subscribe);
    this.#link.removeEventListener('close', this.#disconnected);
    this.#disconnected();
  }

  #answer(op: 'accept' | 'decline', transferId: string, as?: string): boolean {
    const known = this.#agent.offers.some((offer) => offer.transferId === transferId);
    if (!known) return false;
    this.#agent = { ...this.#agent, offers: this.#agent.offers.filter((o) => o.transferId !== transferId) };
    const request = (id: number): PageRequest =>
      op === 'accept' ? { op, id, transferId, ...(as !== undefined && { as }) } : { op, id, transferId };
    this.#request((id) => this.#send(request(id))).catch(() => {});
    this.dispatchEvent(new Event('change'));
    return true;
  }

  async #share(
    kind: 'document' | 'file',
    name: string,
    totalBytes: number,
    options: ShareOptions,
    start: (id: number) => void | Promise<void>,
  ): Promise<ShareResult> {
    const local = this.#nextId++;
    const entry = { id: local, transferId: '', kind, name, totalBytes, sentBytes: 0, peers: [], done: false };
    this.#provisional.set(local, entry);
    this.dispatchEvent(new Event('change'));
    let requestId = 0;
    const abort = () => {
      const transferId = this.#agent.outgoing.find((s) => this.#localIds.get(s.id) === local)?.transferId;
      if (transferId) this.#request((id) => this.#send({ op: 'cancel', id, transferId })).catch(() => {});
    };
    options.signal?.addEventListener('abort', abort, { once: true });
    try {
      const result = (await this.#request(async (id) => {
        requestId = id;
        this.#ownShares.set(id, local);
        await start(id);
      })) as ShareResult;
      return { ...result, peers: result.peers.map(revivePeer) };
    } finally {
      this.#ownShares.delete(requestId);
      options.signal?.removeEventListener('abort', abort);
      if (this.#provisional.delete(local)) this.dispatchEvent(new Event('change'));
    }
  }

  #request(send: (id: number) => void | Promise<void>, parts?: Uint8Array<ArrayBuffer>[]): Promise<unknown> {
    if (this.#closed) return Promise.reject(new ShareError('closed', 'this PageShare is closed'));
    if (!this.#link.connected)
      return Promise.reject(new PageShareError('unreachable', 'the agent is not reachable now'));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, ...(parts && { parts }) });
      const failed = (error: Error) => {
        this.#pending.delete(id);
        reject(error);
      };
      try {
        Promise.resolve(send(id)).catch(failed);
      } catch (error) {
        failed(error as Error);
      }
    });
  }

  #send(request: PageRequest): void {
    if (!this.#link.sendText(encodeRelay(request)))
      throw new PageShareError('disconnected', 'the link to the agent closed');
  }

  readonly #subscribe = (): void => {
    this.#link.sendText(encodeRelay({ op: 'subscribe' }));
  };

  readonly #disconnected = (): void => {
    const error = new PageShareError('disconnected', 'the link to the agent closed (shares go on there)');
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  };

  #onText(text: string): void {
    if (!isRelayFrame(text)) return;
    let message: AgentMessage;
    try {
      message = decodeAgentMessage(text);
    } catch {
      return; // our own agent, newer or broken: nothing to act on
    }
    this.#take(message);
  }

  #take(message: AgentMessage): void {
    switch (message.op) {
      case 'state':
        this.#peers = message.peers;
        this.#agent = message.snapshot;
        // A share of this page shows under its provisional entry until the agent's entry is here.
        for (const entry of message.snapshot.outgoing) this.#provisional.delete(this.#localId(entry.id));
        this.#diff.update(message.snapshot, (id) => this.#localId(id));
        this.dispatchEvent(new Event('change'));
        return;
      case 'started': {
        const local = this.#ownShares.get(message.id);
        if (local === undefined) return;
        this.#localIds.set(message.outgoing, local);
        return;
      }
      case 'offer':
        this.#agent = { ...this.#agent, offers: [...this.#agent.offers, message.offer] };
        this.dispatchEvent(new ShareOfferEvent(message.offer));
        this.dispatchEvent(new Event('change'));
        return;
      case 'imported':
        void this.#imported(message.imported);
        return;
      case 'importfailed':
        this.dispatchEvent(
          new ImportFailedEvent(message.offer, new ShareError('import-failed', message.message)),
        );
        return;
      case 'data':
        this.#pending.get(message.id)?.parts?.push(fromBase64(message.data));
        return;
      case 'reply': {
        const pending = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        if (message.ok) pending?.resolve(message.result);
        else pending?.reject(new PageShareError(message.code, message.message));
      }
    }
  }

  async #imported(imported: Record<string, unknown>): Promise<void> {
    const offer = imported as unknown as IncomingShare;
    try {
      if (imported.kind === 'document') {
        const { sv, ...rest } = imported as { sv?: string; name: string };
        const doc = this.#workspace.doc(rest.name);
        if (sv !== undefined) await whenCovers(doc, sv, 30_000);
        this.dispatchEvent(new ImportEvent(rest as unknown as Imported));
        return;
      }
      const parts: Uint8Array<ArrayBuffer>[] = [];
      const transferId = imported.transferId as string;
      await this.#request((id) => this.#send({ op: 'fetch', id, transferId }), parts);
      const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let offset = 0;
      for (const part of parts) {
        bytes.set(part, offset);
        offset += part.length;
      }
      this.dispatchEvent(new ImportEvent({ ...(imported as unknown as Imported), bytes } as Imported));
    } catch (error) {
      const cause = error as Error;
      this.dispatchEvent(
        new ImportFailedEvent(offer, new ShareError('import-failed', cause.message, { cause })),
      );
    }
  }

  #localId(agentId: number): number {
    let local = this.#localIds.get(agentId);
    if (local === undefined) {
      local = this.#nextId++;
      this.#localIds.set(agentId, local);
    }
    return local;
  }
}

function revivePeer(peer: ShareResult['peers'][number]): ShareResult['peers'][number] {
  const error = peer.error as { code: GroupPushErrorCode; message: string } | undefined;
  return error ? { ...peer, error: new GroupPushError(error.code, error.message) } : peer;
}

function isBlob(file: ShareFile | File): file is File {
  return typeof Blob !== 'undefined' && file instanceof Blob;
}
