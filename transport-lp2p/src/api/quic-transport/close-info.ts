import { QuicTransportError } from '../../errors/index.ts';

/** WebTransportCloseInfo (W3C WebTransport §WebTransportCloseInfo): what `close()` sends and `closed` yields. */
export interface QuicTransportCloseInfo {
  /** Application close code, 0..2^32-1; 0 by default. Carried as the QUIC application error code. */
  readonly closeCode: number;
  /** Carried as the QUIC reason phrase; at most 1024 UTF-8 bytes. */
  readonly reason: string;
}

/** Longest reason WebTransport sends (W3C WebTransport §close(): "1024" bytes of UTF-8). */
export const MAX_REASON_BYTES = 1024;

const maxCloseCode = 0xffff_ffff;
const encoder = new TextEncoder();

/**
 * Validates and normalises a `close()` argument: a code that is not an unsigned 32-bit integer throws
 * 'invalid-argument'; the reason is made well-formed (USVString) and cut to its longest prefix of whole
 * code points within 1024 UTF-8 bytes, as WebTransport specifies.
 */
export function normaliseCloseInfo(info: Partial<QuicTransportCloseInfo>): QuicTransportCloseInfo {
  const closeCode = info.closeCode ?? 0;
  if (!Number.isInteger(closeCode) || closeCode < 0 || closeCode > maxCloseCode) {
    throw new QuicTransportError(
      'invalid-argument',
      `closeCode must be an integer in 0..2^32-1, got ${closeCode}`,
    );
  }
  const text = (info.reason ?? '').toWellFormed();
  if (encoder.encode(text).byteLength <= MAX_REASON_BYTES) return { closeCode, reason: text };
  let reason = '';
  let bytes = 0;
  for (const char of text) {
    const size = encoder.encode(char).byteLength;
    if (bytes + size > MAX_REASON_BYTES) break;
    bytes += size;
    reason += char;
  }
  return { closeCode, reason };
}
