import { createMemoryChannelPair, type SyncChannel } from '@offgrid/sync';
import { nodeWholeHash } from '@offgrid/sync/node';
import { MemoryDocumentStore } from '../../store/memory-store.ts';
import { openWorkspace, type Workspace } from '../../workspace/workspace.ts';
import { NearbyShare, type NearbyShareOptions } from '../nearby-share.ts';
import type { ShareEventMap } from '../share-events.ts';

/** One device in a share test: its workspace and its NearbyShare. */
export interface ShareDevice {
  readonly id: string;
  readonly workspace: Workspace;
  readonly share: NearbyShare;
  close(): Promise<void>;
}

export function shareDevice(id: string, options: Partial<NearbyShareOptions> = {}): ShareDevice {
  const workspace = openWorkspace({ appId: 'notes', store: new MemoryDocumentStore() });
  const share = new NearbyShare(workspace, { id, wholeHash: nodeWholeHash, ...options });
  return {
    id,
    workspace,
    share,
    async close() {
      share.close();
      await workspace.close();
    },
  };
}

/** Links two devices: documents over one channel pair, the push over another (as over LP2P: two labels). */
export function linkDevices(
  a: ShareDevice,
  b: ShareDevice,
  channels: () => [SyncChannel, SyncChannel] = () => createMemoryChannelPair(),
  syncDocuments = false,
): void {
  const [pushA, pushB] = channels();
  a.share.addPeer(b.id, pushA);
  b.share.addPeer(a.id, pushB);
  if (syncDocuments) {
    const [docA, docB] = createMemoryChannelPair();
    a.workspace.attach(docA, { peerId: b.id });
    b.workspace.attach(docB, { peerId: a.id });
  }
}

/** The next event of `type` on `target`, or a rejection after `timeoutMs`. */
export function nextShareEvent<K extends keyof ShareEventMap>(
  target: NearbyShare,
  type: K,
  timeoutMs = 20_000,
): Promise<ShareEventMap[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} event within ${timeoutMs} ms`)), timeoutMs);
    target.addEventListener(
      type,
      (event) => {
        clearTimeout(timer);
        resolve(event as ShareEventMap[K]);
      },
      { once: true },
    );
  });
}

/**
 * A push channel that is still `connecting` (as an LP2P data channel just created) until {@link open}: wraps one
 * end of a memory pair, which it then passes through.
 */
export class ConnectingChannel extends EventTarget implements SyncChannel {
  readonly #inner: SyncChannel;
  #open = false;

  constructor(inner: SyncChannel) {
    super();
    this.#inner = inner;
    inner.addEventListener('message', (event) =>
      this.dispatchEvent(new MessageEvent('message', { data: (event as MessageEvent).data })),
    );
    for (const type of ['close', 'bufferedamountlow'])
      inner.addEventListener(type, () => this.dispatchEvent(new Event(type)));
  }

  get readyState(): string | number {
    return this.#open ? this.#inner.readyState : 'connecting';
  }

  get bufferedAmount(): number {
    return this.#inner.bufferedAmount;
  }

  get bufferedAmountLowThreshold(): number | undefined {
    return this.#inner.bufferedAmountLowThreshold;
  }

  set bufferedAmountLowThreshold(value: number | undefined) {
    this.#inner.bufferedAmountLowThreshold = value;
  }

  open(): void {
    this.#open = true;
    this.dispatchEvent(new Event('open'));
  }

  send(data: Uint8Array<ArrayBuffer>): void {
    if (!this.#open) throw new DOMException('channel is connecting', 'InvalidStateError');
    this.#inner.send(data);
  }

  close(): void {
    this.#inner.close();
  }
}
