import type { SyncChannel } from '@offgrid/sync';
import type { NearbyShare } from '../../share/nearby-share.ts';
import {
  type AgentMessage,
  decodePageRequest,
  encodeRelay,
  isRelayFrame,
  type PageRequest,
  type RelayPeer,
  ShareRelayError,
} from '../../share/relay-protocol.ts';
import type { ShareResult } from '../../share/share-types.ts';
import { encodeStateVectorBase64, whenCovers } from '../../share/state-vector-wait.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import type { PageSocket } from '../replica/replica.ts';
import { GrantedPeers } from './granted-peers.ts';
import { ImportedFiles } from './imported-files.ts';
import { replyError, sendTextToPage, sendToPage } from './page-frames.ts';
import { PageUpload } from './page-upload.ts';

export interface ShareHostOptions {
  /** The replica's workspace (documents pages share are read from it). */
  readonly workspace: Workspace;
  /** A nearby agent's name (the trust store's), shown to pages; default: none, the fingerprint is shown. */
  readonly nameOf?: (fingerprint: string) => string | undefined;
  /**
   * The paired agents granted the app (fingerprints), linked now or not: pages get them with their names in the
   * `state` frame's `paired` (the notes page names a pairing's device by it). Read every second while a page
   * listens. Default: none told.
   */
  readonly grantedPeers?: () => readonly string[];
  /** The largest file a page may hand over to share. Default 256 MiB (held in memory until the push ends). */
  readonly maxUploadBytes?: number;
  /** How long a shared document waits for the page's edits to reach the replica. Default 10 000 ms. */
  readonly syncWaitMs?: number;
}

/** Files one page socket may be handing over at once. */
const MAX_UPLOADS = 4;

interface PageState {
  subscribed: boolean;
  readonly uploads: Map<number, PageUpload>;
}

/**
 * The agent's side of share from a page (docs/framework.md §Share from a page): the agent's own
 * {@link NearbyShare} for one app (peers: the nearby agents granted the app, by fingerprint), driven by the app's
 * pages over text frames on their sync socket. A share runs on the agent: once a page's request (and a file's
 * bytes) arrived, it finishes even if the page closes. Imported documents merge into the replica, so they reach
 * pages by sync; imported files are saved by the share's `saveFile` and fetched by pages.
 */
export class ShareHost {
  readonly share: NearbyShare;
  readonly #options: ShareHostOptions;
  readonly #pages = new Map<PageSocket, PageState>();
  readonly #files = new ImportedFiles();
  #stateTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #granted: GrantedPeers;

  constructor(share: NearbyShare, options: ShareHostOptions) {
    this.share = share;
    this.#options = options;
    this.#granted = new GrantedPeers(options.grantedPeers, (id) => options.nameOf?.(id));
    share.addEventListener('change', () => this.#scheduleState());
    share.addEventListener('offer', ({ offer }) => this.#broadcast({ op: 'offer', offer }));
    share.addEventListener('import', ({ imported }) => {
      const {
        bytes: _bytes,
        path,
        ...rest
      } = imported as typeof imported & { bytes?: unknown; path?: string };
      if (path !== undefined) this.#files.keep(imported.transferId, path);
      // A document's state as merged here: the page's import event waits until sync brought it that far.
      const sv =
        imported.kind === 'document'
          ? { sv: encodeStateVectorBase64(options.workspace.doc(imported.name)) }
          : {};
      this.#broadcast({ op: 'imported', imported: { ...rest, ...sv } });
    });
    share.addEventListener('importfailed', ({ offer, error }) =>
      this.#broadcast({ op: 'importfailed', offer, code: error.code, message: error.message }),
    );
  }

  /** Attaches the push channel to a nearby agent (label `offgrid-push/<appId>`); pages hear the new peer list. */
  addPeer(fingerprint: string, channel: SyncChannel): () => void {
    const detach = this.share.addPeer(fingerprint, channel);
    this.#scheduleState();
    channel.addEventListener('close', () => this.#scheduleState());
    return () => {
      detach();
      this.#scheduleState();
    };
  }

  /** Nearby agents with a push channel now, with their names. */
  peers(): RelayPeer[] {
    return this.share.peers().map((id) => ({ id, name: this.#options.nameOf?.(id) ?? '' }));
  }

  /**
   * Takes an authenticated page socket's text frames (pass the result to `Replica.attachPage`). Frames that are
   * not share frames are ignored; a malformed share frame is answered with an error reply when it has an id.
   */
  attachPage(socket: PageSocket): (text: string) => void {
    const state: PageState = { subscribed: false, uploads: new Map() };
    this.#pages.set(socket, state);
    // Uploads not complete when the page goes are dropped; shares already started run on.
    socket.addEventListener('close', () => this.#pages.delete(socket));
    return (text) => {
      if (!isRelayFrame(text)) return;
      let request: PageRequest;
      try {
        request = decodePageRequest(text);
      } catch (error) {
        const id = /"id":(\d{1,15})[,}]/.exec(text.slice(0, 200))?.[1];
        if (id !== undefined) replyError(socket, Number(id), error);
        return;
      }
      void this.#handle(socket, state, request).catch((error) =>
        'id' in request ? replyError(socket, request.id, error) : undefined,
      );
    };
  }

  close(): void {
    clearTimeout(this.#stateTimer);
    this.#granted.close();
    this.#pages.clear();
  }

  async #handle(socket: PageSocket, state: PageState, request: PageRequest): Promise<void> {
    const reply = (result: unknown) =>
      sendToPage(socket, { op: 'reply', id: (request as { id: number }).id, ok: true, result });
    switch (request.op) {
      case 'subscribe':
        state.subscribed = true;
        this.#granted.watch(
          () => this.#pages.size > 0,
          () => this.#scheduleState(),
        );
        sendToPage(socket, this.#state());
        return;
      case 'share-document': {
        const { workspace, syncWaitMs = 10_000 } = this.#options;
        await workspace.whenLoaded(request.name);
        if (
          request.sv !== undefined &&
          !(await whenCovers(workspace.doc(request.name), request.sv, syncWaitMs))
        )
          throw new ShareRelayError('malformed', `${request.name}: the page's edits did not reach the agent`);
        return this.#run(socket, request.id, this.share.shareDocument(request.name, { to: request.to }));
      }
      case 'file-start': {
        if (state.uploads.size >= MAX_UPLOADS)
          throw new ShareRelayError('too-large', `at most ${MAX_UPLOADS} files handed over at once`);
        const upload = new PageUpload(request, this.#options.maxUploadBytes ?? 256 * 1024 * 1024);
        if (upload.complete) return this.#startUpload(socket, request.id, upload);
        state.uploads.set(request.id, upload);
        return;
      }
      case 'data': {
        const upload = state.uploads.get(request.id);
        if (upload === undefined) throw new ShareRelayError('malformed', 'data for no upload');
        if (!upload.add(request.data)) return;
        state.uploads.delete(request.id);
        return this.#startUpload(socket, request.id, upload);
      }
      case 'accept':
        return reply({
          answered: this.share.accept(request.transferId, request.as === undefined ? {} : { as: request.as }),
        });
      case 'decline':
        return reply({ answered: this.share.decline(request.transferId) });
      case 'cancel':
        return reply({ answered: this.share.cancel(request.transferId) });
      case 'fetch':
        return this.#files.send(socket, request.id, request.transferId);
    }
  }

  #startUpload(socket: PageSocket, id: number, upload: PageUpload): Promise<void> {
    const file = { name: upload.name, type: upload.type, bytes: upload.blob() };
    return this.#run(socket, id, this.share.shareFile(file, { to: upload.to }));
  }

  /** Tells the page which outgoing entry is its share, then how it ended (if the page is still there). */
  async #run(socket: PageSocket, id: number, running: Promise<ShareResult>): Promise<void> {
    const outgoing = this.share.snapshot().outgoing.at(-1)?.id ?? 0;
    sendToPage(socket, { op: 'started', id, outgoing });
    const result = await running;
    const peers = result.peers.map(({ peer, status, error }) => ({
      peer,
      status,
      ...(error && { error: { code: error.code, message: error.message } }),
    }));
    sendToPage(socket, { op: 'reply', id, ok: true, result: { ...result, peers } });
  }

  #state(): AgentMessage {
    const paired = this.#granted.list();
    return { op: 'state', peers: this.peers(), snapshot: this.share.snapshot(), ...(paired && { paired }) };
  }

  #scheduleState(): void {
    // Progress comes every 200 ms per transfer and per peer: one state frame per 50 ms is plenty.
    this.#stateTimer ??= setTimeout(() => {
      this.#stateTimer = undefined;
      this.#broadcast(this.#state());
    }, 50);
  }

  #broadcast(message: AgentMessage): void {
    const text = encodeRelay(message);
    for (const [socket, state] of this.#pages) if (state.subscribed) sendTextToPage(socket, text);
  }
}
