import { sha256 } from '@noble/hashes/sha2.js';
import { GroupPushError } from '../errors/group-push-error.ts';
import { DeclineReason, type PushFrame } from './push-frames.ts';
import type { PushHost } from './push-host.ts';
import { decodeManifest } from './push-manifest.ts';
import { bytesEqual, toHex } from './push-source.ts';
import type { PushOffer } from './push-types.ts';

export type Intake =
  | { readonly accept: true; readonly offer: PushOffer; readonly signal?: AbortSignal }
  | { readonly accept: false; readonly reason: number };

/**
 * Checks an OFFER and asks the application: the manifest must hash to the transfer id, fit the receiver's caps
 * (checked field by field before anything is sized by them) and name this node as a member; then the accept
 * hook decides. Nothing is stored before it says yes.
 */
export async function acceptOffer(
  host: PushHost,
  from: string,
  frame: Extract<PushFrame, { type: 'offer' }>,
): Promise<Intake> {
  const notify = (error: GroupPushError, offer?: PushOffer): void => {
    if (offer) host.options.onReceiveFailed?.(offer, error);
  };
  if (!bytesEqual(sha256(frame.manifest), frame.id))
    return { accept: false, reason: DeclineReason.badManifest };
  let manifest: PushOffer['manifest'];
  try {
    manifest = decodeManifest(frame.manifest, host.limits);
  } catch (error) {
    const tooLarge = error instanceof GroupPushError && error.code === 'limit-exceeded';
    return { accept: false, reason: tooLarge ? DeclineReason.tooLarge : DeclineReason.badManifest };
  }
  if (!frame.members.includes(host.self) || new Set(frame.members).size !== frame.members.length) {
    return { accept: false, reason: DeclineReason.badManifest };
  }
  const offer: PushOffer = {
    transferId: toHex(frame.id),
    from,
    group: frame.group,
    members: frame.members,
    kind: manifest.kind,
    name: manifest.name,
    mediaType: manifest.mediaType,
    totalBytes: manifest.totalBytes,
    chunkCount: manifest.chunkCount,
    sha256: toHex(manifest.sha256),
    manifest,
  };
  let decision: Awaited<ReturnType<NonNullable<PushHost['options']['accept']>>> = false;
  try {
    decision = (await host.options.accept?.(offer)) ?? false;
  } catch (error) {
    notify(new GroupPushError('declined', 'the accept hook threw', { cause: error }), offer);
    return { accept: false, reason: DeclineReason.failed };
  }
  const accepted = typeof decision === 'boolean' ? decision : decision.accept;
  if (!accepted) return { accept: false, reason: DeclineReason.declined };
  const signal = typeof decision === 'object' ? decision.signal : undefined;
  return { accept: true, offer, ...(signal && { signal }) };
}
