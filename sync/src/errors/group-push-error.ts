import { SyncError } from './sync-error.ts';

/**
 * Codes of {@link GroupPushError}: stable, machine-readable.
 *
 * - `malformed-frame`: a push frame that does not decode (the channel that sent it is closed).
 * - `frame-too-large`: a frame over the receiver's frame limit, refused before decoding.
 * - `limit-exceeded`: an offer over the receiver's caps (total size, chunk count, manifest size, members).
 * - `bad-manifest`: a manifest that is inconsistent (sizes, counts, hash of the manifest ≠ transfer id).
 * - `bad-chunks`: a member sent chunks whose SHA-256 did not match the manifest too often and was dropped.
 * - `aborted`: the local side cancelled (its `AbortSignal` fired).
 * - `cancelled`: the other side cancelled.
 * - `declined`: the receiver declined the offer.
 * - `peer-timeout`: a peer was not connected (or stayed away) longer than the push allows.
 * - `invalid-argument`: a call with arguments that cannot work (no recipients, unknown source type).
 * - `store-failed`: the chunk store failed to keep or return a chunk.
 * - `closed`: the {@link GroupPush} was closed.
 */
export type GroupPushErrorCode =
  | 'malformed-frame'
  | 'frame-too-large'
  | 'limit-exceeded'
  | 'bad-manifest'
  | 'bad-chunks'
  | 'aborted'
  | 'cancelled'
  | 'declined'
  | 'peer-timeout'
  | 'invalid-argument'
  | 'store-failed'
  | 'closed';

/** Every error of the group-push layer (`sync/src/group-push`). */
export class GroupPushError extends SyncError {
  declare readonly code: GroupPushErrorCode;

  constructor(code: GroupPushErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}

/** Remote input that breaks the push protocol: the offending channel is closed, nothing else is affected. */
export class PushProtocolError extends GroupPushError {}
