import type { GroupPushError } from '../errors/group-push-error.ts';
import type { ChunkDigest, WholeHash } from './chunk-hash.ts';
import type { PushLimits } from './push-limits.ts';
import type { PushLink } from './push-link.ts';
import type { PushStore } from './push-store.ts';
import type { GroupPushOptions } from './push-types.ts';

/** What a transfer needs from the {@link GroupPush} that owns it. */
export interface PushHost {
  readonly self: string;
  readonly limits: PushLimits;
  readonly store: PushStore;
  readonly options: GroupPushOptions;
  readonly peerTimeoutMs: number;
  readonly redirectWaitMs: number;
  readonly maxBadChunks: number;
  readonly wholeHash: () => WholeHash;
  /** SHA-256 of one chunk (see `chunkDigestFor`). */
  readonly digest: ChunkDigest;
  now(): number;
  /** The open link to a peer, if any. */
  link(peer: string): PushLink | undefined;
  /** Every peer with an open link. */
  linkedPeers(): string[];
  peerError(peer: string, error: GroupPushError): void;
  /** The transfer is over; the host forgets it. */
  ended(key: string): void;
}
