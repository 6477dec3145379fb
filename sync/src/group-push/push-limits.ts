/**
 * Caps a receiver sets on what it accepts, checked against an offer before anything for it is allocated or
 * stored (an offer over a cap is declined with reason `too-large`), and against every frame before decoding.
 */
export interface PushLimits {
  /** Largest file or message accepted, in bytes. Default 8 GiB. */
  readonly maxTotalBytes: number;
  /** Most chunks in one manifest. Default 16 384 (16 GiB of 1 MiB chunks). */
  readonly maxChunks: number;
  /** Largest encoded manifest, in bytes (32 bytes per chunk plus a small header). Default 1 MiB. */
  readonly maxManifestBytes: number;
  /** Most members named in one offer. Default 64. */
  readonly maxMembers: number;
}

export const defaultPushLimits: PushLimits = {
  maxTotalBytes: 8 * 2 ** 30,
  maxChunks: 16_384,
  maxManifestBytes: 2 ** 20,
  maxMembers: 64,
};

/** Chunks are 256 KiB to 1 MiB (issue 10); the last one may be shorter. */
export const MIN_CHUNK_BYTES = 256 * 1024;
export const MAX_CHUNK_BYTES = 1024 * 1024;
/** Chunks travel in pieces of this size: a browser `RTCDataChannel` sends at most 256 KiB per message. */
export const PIECE_BYTES = 64 * 1024;
/** The largest piece a receiver takes. */
export const MAX_PIECE_BYTES = 256 * 1024;
/** Longest peer id (a fingerprint) and longest file name or media type, in UTF-8 bytes. */
export const MAX_PEER_ID_BYTES = 128;
export const MAX_NAME_BYTES = 255;
export const MAX_MEDIA_TYPE_BYTES = 127;
export const MAX_GROUP_BYTES = 255;

/** The largest frame a receiver with these limits decodes: an offer at its caps, or a piece. */
export function maxFrameBytes(limits: PushLimits): number {
  const offer = 64 + limits.maxManifestBytes + MAX_GROUP_BYTES + limits.maxMembers * (MAX_PEER_ID_BYTES + 4);
  return Math.max(offer, MAX_PIECE_BYTES + 64, Math.ceil(limits.maxChunks / 8) + 64);
}

/** The chunk size the sender picks: the smallest of 256 KiB, 512 KiB, 1 MiB that keeps ≤ 4096 chunks. */
export function chooseChunkSize(totalBytes: number): number {
  let size = MIN_CHUNK_BYTES;
  while (size < MAX_CHUNK_BYTES && Math.ceil(totalBytes / size) > 4096) size *= 2;
  return size;
}
