import { DataChannelError } from '../errors/index.ts';
import {
  defaultDecodeLimits,
  encodeMessage,
  type OspMessage,
  ResultCode,
  utf8Length,
} from '../protocol/index.ts';
import { type ChannelIds, MAX_CHANNEL_ID } from './channel-ids.ts';
import {
  type ChannelStream,
  DataChannelCore,
  type DataChannelLink,
  type DataChannelSetup,
} from './data-channel-core.ts';
import type { LP2PDataChannelInit } from './lp2p-data-channel.ts';

type OpenRequest = Extract<OspMessage, { type: 'data-channel-open-request' }>;

/** WebRTC §6.1 createDataChannel: a label or protocol longer than 65 535 bytes is a TypeError. */
const MAX_NAME_BYTES = 65_535;

/**
 * Checks a createDataChannel call and claims its id; returns the setup and the encoded open request.
 * @throws TypeError, or DOMException OperationError for an id in use or none free (WebRTC §6.1).
 */
export function prepareOpen(
  label: string,
  init: LP2PDataChannelInit,
  ids: ChannelIds,
  requestId: number,
): { setup: DataChannelSetup; request: Uint8Array } {
  // USVString: lone surrogates become U+FFFD, so the attributes equal what the peer receives.
  const name = String(label).toWellFormed();
  const protocol = String(init.protocol ?? '').toWellFormed();
  for (const [what, value] of [
    ['label', name],
    ['protocol', protocol],
  ] as const) {
    if (utf8Length(value) > MAX_NAME_BYTES) throw new TypeError(`${what} exceeds ${MAX_NAME_BYTES} bytes`);
  }
  const id = init.id === undefined ? ids.allocate() : claimRequestedId(init.id, ids);
  if (id === undefined) throw new DOMException('every data channel id is in use', 'OperationError');
  const request = encodeMessage({
    type: 'data-channel-open-request',
    requestId,
    channelId: id,
    label: name,
    protocol,
  });
  // Control messages must fit the peer's 64 KiB frame limit (protocol/decode-limits.ts) or it drops the connection.
  if (request.byteLength > defaultDecodeLimits.maxFrameBytes) {
    ids.release(id);
    throw new TypeError(
      `label and protocol exceed the ${defaultDecodeLimits.maxFrameBytes}-byte open request`,
    );
  }
  return { setup: { label: name, protocol, id }, request };
}

function claimRequestedId(requested: number, ids: ChannelIds): number {
  // WebIDL [EnforceRange] unsigned short, then WebRTC's rule that 65535 is no valid id.
  const id = Math.trunc(requested);
  if (!Number.isFinite(requested) || id < 0 || id > MAX_CHANNEL_ID) {
    throw new TypeError(`data channel id must be within 0–${MAX_CHANNEL_ID}, got ${requested}`);
  }
  if (!ids.claim(id)) throw new DOMException(`data channel id ${id} is in use`, 'OperationError');
  return id;
}

/**
 * Takes the id of the peer's data-channel-open-request (lp2p Appendix A) for a new channel, not yet answered.
 * @returns the channel's core, or undefined if the id is in use or the connection is closing: then answer with
 *   `refuseOpenRequest`.
 */
export function claimOpenRequest(
  request: OpenRequest,
  context: { readonly closed: boolean; readonly ids: ChannelIds; readonly link: DataChannelLink },
): DataChannelCore | undefined {
  const { channelId, label, protocol } = request;
  if (context.closed || !context.ids.claim(channelId)) return undefined;
  return new DataChannelCore({ label, protocol, id: channelId }, context.link);
}

/** Answers an open request with `permanent-error` and ends the stream once the peer has ended its side. */
export async function refuseOpenRequest(request: OpenRequest, stream: ChannelStream): Promise<void> {
  const { requestId, channelId } = request;
  await stream.send({ type: 'data-channel-open-response', requestId, result: ResultCode.PermanentError });
  await stream.finish();
  // The refused peer must only end the stream; anything it sends on it is for a channel that does not exist.
  const extra = await stream.next();
  if (extra !== undefined) {
    stream.abort(
      new DataChannelError('unexpected-message', `${extra.type} on refused data channel ${channelId}`),
    );
  }
}
