import { SessionError } from '../errors/index.ts';
import type { SessionCloseInfo } from './session.ts';

/** A `closed` promise that settles exactly once; the first reason to close wins. */
export interface CloseLatch {
  readonly closed: Promise<SessionCloseInfo>;
  readonly info: SessionCloseInfo | undefined;
  /** Returns false when the latch had already settled. */
  settle(info: SessionCloseInfo): boolean;
}

export function createCloseLatch(): CloseLatch {
  let resolve!: (info: SessionCloseInfo) => void;
  let settled: SessionCloseInfo | undefined;
  const closed = new Promise<SessionCloseInfo>((r) => {
    resolve = r;
  });
  return {
    closed,
    get info() {
      return settled;
    },
    settle(info) {
      if (settled) return false;
      settled = info;
      resolve(info);
      return true;
    },
  };
}

/** Largest close code every transport can carry: HTTP/2 GOAWAY has 32 bits (QUIC would allow 62). */
const maxCloseCode = 0xffff_ffff;

/** Rejects codes the wire cannot carry, identically on every transport. */
export function assertCloseCode(code: number): void {
  if (!Number.isInteger(code) || code < 0 || code > maxCloseCode) {
    throw new SessionError('invalid-argument', `close code must be an integer in 0..2^32-1, got ${code}`);
  }
}
