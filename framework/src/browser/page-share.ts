import { GroupPushError, type GroupPushErrorCode } from '@offgrid/sync';
import {
  type AgentMessage,
  decodeAgentMessage,
  encodeRelay,
  isRelayFrame,
  type PageRequest,
  type RelayPeer,
} from '../share/relay-protocol.ts';
import { ShareError } from '../share/share-error.ts';
import { ImportFailedEvent, ShareEventTarget, ShareOfferEvent } from '../share/share-events.ts';
import type { ShareFile, ShareOptions, ShareResult, ShareSnapshot } from '../share/share-types.ts';
import { encodeStateVectorBase64 } from '../share/state-vector-wait.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { uploadFile } from './page-file-upload.ts';
import { joinParts, pageImportEvent } from './page-imports.ts';
import { PageShareIds } from './page-share-ids.ts';
import { type PageSharePeer, pageSharePeers } from './page-share-peers.ts';
import { ProgressDiff } from './progress-diff.ts';
import { type RelayLink, RelayRequests } from './relay-requests.ts';

export type { PageSharePeer } from './page-share-peers.ts';
export type { RelayLink } from './relay-requests.ts';

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
export class PageShare extends ShareEventTarget {
  readonly #workspace: Workspace;
  readonly #link: RelayLink;
  readonly #requests: RelayRequests;
  readonly #ids: PageShareIds;
  readonly #diff = new ProgressDiff(this);
  readonly #stopText: () => void;
  #agent: ShareSnapshot = EMPTY;
  #peers: RelayPeer[] = [];
  #paired: RelayPeer[] = [];

  constructor(workspace: Workspace, link: RelayLink) {
    super();
    this.#workspace = workspace;
    this.#link = link;
    this.#requests = new RelayRequests(link);
    this.#ids = new PageShareIds(() => this.#requests.nextId());
    this.#stopText = link.onText((text) => this.#onText(text));
    link.addEventListener('open', this.#subscribe);
    link.addEventListener('close', this.#disconnected);
    if (link.connected) this.#subscribe();
  }

  /** Nearby agents granted this app with a push channel now (their fingerprints: the ids `to` takes). */
  peers(): string[] {
    return this.#peers.map((peer) => peer.id);
  }

  /** The same, with names, shaped for `<offgrid-workspace .peers=…>` / `<offgrid-peer-list>`. */
  nearbyPeers(): PageSharePeer[] {
    return pageSharePeers(this.#peers);
  }

  /**
   * The paired devices granted this app, nearby now or not, with the names their agents announced (the agent's
   * trust store; empty from an agent that does not tell). A device appears here as soon as an invite or join from
   * any page pairs it and grants the app — before the share links to it.
   */
  pairedPeers(): PageSharePeer[] {
    return pageSharePeers(this.#paired);
  }

  /** Shares the document `name` as this page holds it (the agent waits for the page's edits to reach it). */
  shareDocument(name: string, options: ShareOptions): Promise<ShareResult> {
    const sv = encodeStateVectorBase64(this.#workspace.doc(name));
    return this.#share('document', name, 0, options, (id) => {
      this.#requests.send({ op: 'share-document', id, name, to: [...options.to], sv });
    });
  }

  /** Shares a file: its bytes go to the agent, which shares them; the tab may close once they are there. */
  shareFile(file: ShareFile | File, options: ShareOptions): Promise<ShareResult> {
    const content = isBlob(file) ? { name: file.name, type: file.type, bytes: file as Blob } : file;
    const size = content.bytes instanceof Uint8Array ? content.bytes.byteLength : content.bytes.size;
    return this.#share('file', content.name, size, options, (id) =>
      uploadFile(this.#requests, this.#link, id, content, options.to),
    );
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
    if (known) this.#cancelOnAgent(transferId);
    return known;
  }

  snapshot(): ShareSnapshot {
    return { ...this.#agent, outgoing: this.#ids.outgoing(this.#agent.outgoing) };
  }

  /** Stops following the agent (shares running there go on). */
  close(): void {
    this.#stopText();
    this.#link.removeEventListener('open', this.#subscribe);
    this.#link.removeEventListener('close', this.#disconnected);
    this.#requests.close();
  }

  #answer(op: 'accept' | 'decline', transferId: string, as?: string): boolean {
    const known = this.#agent.offers.some((offer) => offer.transferId === transferId);
    if (!known) return false;
    this.#agent = { ...this.#agent, offers: this.#agent.offers.filter((o) => o.transferId !== transferId) };
    const request = (id: number): PageRequest =>
      op === 'accept' ? { op, id, transferId, ...(as !== undefined && { as }) } : { op, id, transferId };
    this.#requests.request((id) => this.#requests.send(request(id))).catch(() => {});
    this.dispatchEvent(new Event('change'));
    return true;
  }

  #cancelOnAgent(transferId: string): void {
    this.#requests.request((id) => this.#requests.send({ op: 'cancel', id, transferId })).catch(() => {});
  }

  async #share(
    kind: 'document' | 'file',
    name: string,
    totalBytes: number,
    options: ShareOptions,
    start: (id: number) => void | Promise<void>,
  ): Promise<ShareResult> {
    const local = this.#ids.begin({
      transferId: '',
      kind,
      name,
      totalBytes,
      sentBytes: 0,
      peers: [],
      done: false,
    });
    this.dispatchEvent(new Event('change'));
    let requestId = 0;
    const abort = () => {
      const transferId = this.#ids.transferIdOf(local, this.#agent.outgoing);
      if (transferId) this.#cancelOnAgent(transferId);
    };
    options.signal?.addEventListener('abort', abort, { once: true });
    try {
      const result = (await this.#requests.request(async (id) => {
        requestId = id;
        this.#ids.requested(id, local);
        await start(id);
      })) as ShareResult;
      return { ...result, peers: result.peers.map(revivePeer) };
    } finally {
      options.signal?.removeEventListener('abort', abort);
      if (this.#ids.end(requestId, local)) this.dispatchEvent(new Event('change'));
    }
  }

  readonly #subscribe = (): void => {
    this.#link.sendText(encodeRelay({ op: 'subscribe' }));
  };

  readonly #disconnected = (): void => this.#requests.disconnected();

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
        this.#paired = message.paired ?? [];
        this.#agent = message.snapshot;
        this.#ids.arrived(message.snapshot.outgoing);
        this.#diff.update(message.snapshot, (id) => this.#ids.localId(id));
        this.dispatchEvent(new Event('change'));
        return;
      case 'started':
        this.#ids.started(message.id, message.outgoing);
        return;
      case 'offer':
        this.#agent = { ...this.#agent, offers: [...this.#agent.offers, message.offer] };
        this.dispatchEvent(new ShareOfferEvent(message.offer));
        this.dispatchEvent(new Event('change'));
        return;
      case 'imported':
        void pageImportEvent(message.imported, this.#workspace, (transferId) => this.#fetch(transferId)).then(
          (event) => this.dispatchEvent(event),
        );
        return;
      case 'importfailed':
        this.dispatchEvent(
          new ImportFailedEvent(message.offer, new ShareError('import-failed', message.message)),
        );
        return;
      case 'data':
        this.#requests.part(message.id, message.data);
        return;
      case 'reply':
        this.#requests.settle(message.id, message);
    }
  }

  async #fetch(transferId: string): Promise<Uint8Array> {
    const parts: Uint8Array<ArrayBuffer>[] = [];
    await this.#requests.request((id) => this.#requests.send({ op: 'fetch', id, transferId }), parts);
    return joinParts(parts);
  }
}

function revivePeer(peer: ShareResult['peers'][number]): ShareResult['peers'][number] {
  const error = peer.error as { code: GroupPushErrorCode; message: string } | undefined;
  return error ? { ...peer, error: new GroupPushError(error.code, error.message) } : peer;
}

function isBlob(file: ShareFile | File): file is File {
  return typeof Blob !== 'undefined' && file instanceof Blob;
}
