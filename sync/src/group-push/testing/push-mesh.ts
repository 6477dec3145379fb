import type { SyncChannel } from '../../channel.ts';
import { createMemoryChannelPair } from '../../memory-channel.ts';
import { GroupPush } from '../group-push.ts';
import { MemoryPushStore } from '../push-store.ts';
import type { GroupPushOptions, ReceivedPush } from '../push-types.ts';

/** One node of a test swarm: its GroupPush, store, the files it received and the errors it saw. */
export interface MeshNode {
  readonly id: string;
  push: GroupPush;
  readonly store: MemoryPushStore;
  readonly received: ReceivedPush[];
  readonly peerErrors: Array<{ peer: string; code: string }>;
  readonly failures: string[];
  /** Channels by peer id (this node's end). */
  readonly channels: Map<string, SyncChannel>;
}

/** Resolves with the next finished receipt of `node`; rejects after `timeoutMs`. */
export function nextReceived(node: MeshNode, timeoutMs = 20_000): Promise<ReceivedPush> {
  const seen = node.received.length;
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      const got = node.received[seen];
      if (got) resolve(got);
      else if (Date.now() > deadline) reject(new Error(`${node.id} received nothing within ${timeoutMs} ms`));
      else setTimeout(poll, 2);
    };
    poll();
  });
}

export function createNode(
  id: string,
  options: Partial<GroupPushOptions> = {},
  store = new MemoryPushStore(),
): MeshNode {
  const node: MeshNode = {
    id,
    store,
    received: [],
    peerErrors: [],
    failures: [],
    channels: new Map(),
    push: undefined as unknown as GroupPush,
  };
  node.push = new GroupPush({
    id,
    store,
    accept: () => true,
    onReceived: (received) => node.received.push(received),
    onPeerError: (peer, error) => node.peerErrors.push({ peer, code: error.code }),
    onReceiveFailed: (_offer, error) => node.failures.push(error.code),
    ...options,
  });
  return node;
}

/** Joins two nodes with an in-memory channel pair. */
export function link(a: MeshNode, b: MeshNode): void {
  const [ab, ba] = createMemoryChannelPair(a.id, b.id);
  a.channels.set(b.id, ab);
  b.channels.set(a.id, ba);
  a.push.addPeer(b.id, ab);
  b.push.addPeer(a.id, ba);
}

/** `count` nodes `n0…`, every pair linked. */
export function fullMesh(count: number, options: Partial<GroupPushOptions> = {}): MeshNode[] {
  const nodes = Array.from({ length: count }, (_, i) => createNode(`n${i}`, options));
  for (let i = 0; i < count; i++)
    for (let j = i + 1; j < count; j++) link(nodes[i] as MeshNode, nodes[j] as MeshNode);
  return nodes;
}

/** Deterministic pseudo-random bytes (xorshift32), so a failure can be replayed. */
export function testBytes(length: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}
