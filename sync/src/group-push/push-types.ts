import type { GroupPushError } from '../errors/group-push-error.ts';
import type { WholeHash } from './chunk-hash.ts';
import type { PushLimits } from './push-limits.ts';
import type { PushManifest } from './push-manifest.ts';
import type { PushContent } from './push-source.ts';
import type { PushStore } from './push-store.ts';

/** What a receiver is offered, shown to its accept hook before anything is stored. */
export interface PushOffer {
  /** SHA-256 of the manifest, 64 hex digits. */
  readonly transferId: string;
  /** Peer id of the sender. */
  readonly from: string;
  /** The group name the sender gave (may be empty). */
  readonly group: string;
  /** Every recipient of the push, this one included. */
  readonly members: readonly string[];
  readonly kind: 'file' | 'message';
  /** Display only: sanitise before using it as a file name. */
  readonly name: string;
  readonly mediaType: string;
  readonly totalBytes: number;
  readonly chunkCount: number;
  /** SHA-256 of the whole content, 64 hex digits. */
  readonly sha256: string;
  readonly manifest: PushManifest;
}

/** The accept hook's answer: a boolean, or an acceptance with a signal that cancels the receipt later. */
export type PushDecision = boolean | { readonly accept: boolean; readonly signal?: AbortSignal };

/** Progress of one push as the sender sees it. */
export interface PushProgress {
  readonly transferId: string;
  readonly totalBytes: number;
  /** Bytes this node has uploaded for the push (pieces and frames), over all peers. */
  readonly sentBytes: number;
  readonly peers: readonly PeerProgress[];
}

export type PeerStatus =
  | 'waiting'
  | 'offered'
  | 'receiving'
  | 'confirmed'
  | 'declined'
  | 'failed'
  | 'cancelled';

/** One recipient's progress: bytes it holds (from anyone), its rate and the time left at that rate. */
export interface PeerProgress {
  readonly peer: string;
  readonly status: PeerStatus;
  readonly receivedBytes: number;
  readonly rate: number;
  readonly remainingMs: number | undefined;
}

/** How one recipient ended. Only `confirmed` means it verified the whole file's SHA-256. */
export interface PeerResult {
  readonly peer: string;
  readonly status: 'confirmed' | 'declined' | 'failed' | 'cancelled';
  readonly error?: GroupPushError;
}

export interface PushResult {
  readonly transferId: string;
  readonly sha256: string;
  readonly totalBytes: number;
  /** Bytes this node uploaded for the push over all peers. */
  readonly sentBytes: number;
  readonly peers: readonly PeerResult[];
}

/** Progress of one receipt. */
export interface ReceiveProgress {
  readonly transferId: string;
  readonly from: string;
  readonly name: string;
  readonly totalBytes: number;
  /** Verified bytes held (stored chunks from before a restart included). */
  readonly receivedBytes: number;
  /** Chunk bytes fetched in this session, from any member. */
  readonly fetchedBytes: number;
  readonly rate: number;
  readonly remainingMs: number | undefined;
}

/** A finished receipt: the content is in the store, verified chunk by chunk and whole. */
export interface ReceivedPush {
  readonly offer: PushOffer;
  /** The content, read chunk by chunk from the store (each chunk re-verified). */
  stream(): ReadableStream<Uint8Array>;
  bytes(): Promise<Uint8Array>;
  text(): Promise<string>;
  /** Forgets the stored chunks (and stops serving them to other members). */
  discard(): Promise<void>;
}

export interface PushOptions {
  /** Peer ids to push to. Each must be (or become, within `peerTimeoutMs`) attached with `addPeer`. */
  readonly to: readonly string[];
  /** A name for the group, shown to receivers. */
  readonly group?: string;
  /** File name shown to receivers (default: the `File`'s name, or `message` for text). */
  readonly name?: string;
  readonly mediaType?: string;
  readonly signal?: AbortSignal;
  /** Called at most every 200 ms and on every peer status change. */
  readonly onProgress?: (progress: PushProgress) => void;
}

export interface GroupPushOptions {
  /** This node's peer id (its fingerprint), as other members know it. */
  readonly id: string;
  /** Where received chunks go (default: a new {@link MemoryPushStore}). */
  readonly store?: PushStore;
  readonly limits?: Partial<PushLimits>;
  /** Accepts or declines an offer before any byte is stored. Default: decline everything. */
  readonly accept?: (offer: PushOffer) => PushDecision | Promise<PushDecision>;
  readonly onReceiveProgress?: (progress: ReceiveProgress) => void;
  /** A receipt finished: every chunk and the whole verified, the sender told. */
  readonly onReceived?: (received: ReceivedPush) => void;
  /** A receipt ended without the file: cancelled (either side), failed, or over a cap. */
  readonly onReceiveFailed?: (offer: PushOffer, error: GroupPushError) => void;
  /** A peer broke the protocol (its channel was closed) or was dropped from a transfer for bad chunks. */
  readonly onPeerError?: (peer: string, error: GroupPushError) => void;
  /** How long a recipient may be away (not attached) before the push gives up on it. Default 30 000. */
  readonly peerTimeoutMs?: number;
  /** How long a receiver waits for a member the sender redirected it to. Default 5 000. */
  readonly redirectWaitMs?: number;
  /** Bad chunks after which a member is dropped from a transfer. Default 3. */
  readonly maxBadChunks?: number;
  readonly now?: () => number;
  /**
   * The incremental SHA-256 for the whole content (default: `@noble/hashes`, about 160 MB/s here). Node code
   * passes `nodeWholeHash` from `@offgrid/sync/node` (node:crypto, about ten times faster).
   */
  readonly wholeHash?: () => WholeHash;
}

export type { PushContent };
