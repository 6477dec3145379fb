/** Bounds on what a peer may send, checked before anything is allocated. */
export interface WireLimits {
  /** Largest whole message in bytes (a step 2 carries a whole document). */
  readonly maxMessageBytes: number;
  /** Largest document address (name, or `name\0sessionId`) in UTF-8 bytes. */
  readonly maxNameBytes: number;
  /** Largest token, reason or stateless payload in UTF-8 bytes. */
  readonly maxStringBytes: number;
}

export const defaultWireLimits: WireLimits = {
  maxMessageBytes: 64 * 1024 * 1024,
  maxNameBytes: 1024,
  maxStringBytes: 1024 * 1024,
};

/**
 * lib0 varUints carry 7 bits a byte; lib0 refuses more than 53 bits. We stop at 8 bytes (56 bits) and then check
 * the value is a safe integer, so a run of 0xff bytes costs at most 8 reads.
 */
export const maxVarUintBytes = 8;
