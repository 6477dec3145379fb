import { messageData } from '../../channel.ts';
import { createMemoryChannelPair, type MemoryChannel } from '../../memory-channel.ts';
import { decodeFrame } from '../push-frame-decoder.ts';
import type { PushFrame } from '../push-frames.ts';
import { defaultPushLimits } from '../push-limits.ts';
import type { MeshNode } from './push-mesh.ts';

/** A hand-driven peer attached to `node` as `id`: sends raw bytes, records the frames it gets back. */
export interface RawPeer {
  readonly channel: MemoryChannel;
  readonly frames: PushFrame[];
  send(bytes: Uint8Array): void;
  /** Waits (bounded) until a frame of `type` has arrived, and returns it. */
  next<T extends PushFrame['type']>(type: T, timeoutMs?: number): Promise<Extract<PushFrame, { type: T }>>;
}

export function rawPeer(node: MeshNode, id: string): RawPeer {
  const [ours, theirs] = createMemoryChannelPair(id, node.id);
  node.push.addPeer(id, theirs);
  const frames: PushFrame[] = [];
  ours.addEventListener('message', (event) => {
    const data = messageData(event) as ArrayBuffer;
    frames.push(decodeFrame(new Uint8Array(data), defaultPushLimits));
  });
  return {
    channel: ours,
    frames,
    send: (bytes) => ours.send(bytes as Uint8Array<ArrayBuffer>),
    next: async (type, timeoutMs = 2000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = frames.find((f) => f.type === type);
        if (found) return found as never;
        if (Date.now() > deadline) throw new Error(`no ${type} frame within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    },
  };
}

/** Waits (bounded) until `condition` holds. */
export async function until(condition: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
