/**
 * OSP closes a connection with an application code and a reason phrase (osp-network §Messages delivery:
 * "close the QUIC connection with an application error code of 404"). Over HTTP/2 the matching frame is
 * GOAWAY (RFC 9113 §6.8): its 32-bit error code carries the OSP code and its opaque debug data the reason.
 * The debug data starts with a marker so that a GOAWAY sent by the HTTP/2 stack itself (PROTOCOL_ERROR and
 * friends) is never mistaken for an application close.
 */
const marker = new TextEncoder().encode('osp-close:');
const maxReasonBytes = 1024;

export function encodeGoawayReason(reason: string): Uint8Array {
  const text = new TextEncoder().encode(reason).subarray(0, maxReasonBytes);
  const out = new Uint8Array(marker.byteLength + text.byteLength);
  out.set(marker);
  out.set(text, marker.byteLength);
  return out;
}

/** The reason of an application close, or undefined when the GOAWAY came from the HTTP/2 layer. */
export function decodeGoawayReason(opaque: Uint8Array | undefined): string | undefined {
  if (!opaque || opaque.byteLength < marker.byteLength) return undefined;
  for (let i = 0; i < marker.byteLength; i++) if (opaque[i] !== marker[i]) return undefined;
  return new TextDecoder('utf-8', { fatal: false }).decode(
    opaque.subarray(marker.byteLength, marker.byteLength + maxReasonBytes),
  );
}
