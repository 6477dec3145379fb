import { DEFAULT_PSK_ENTROPY_BITS, MAX_PSK_ENTROPY_BITS, MIN_PSK_ENTROPY_BITS } from '../pairing/index.ts';
import { PskInputMethod } from '../protocol/index.ts';

/** The body of auth-capabilities (osp-network §Authentication). */
export interface AuthCapabilities {
  /** 0 (cannot input a PSK) to 100 (easy). */
  readonly pskEaseOfInput: number;
  readonly pskInputMethods: readonly number[];
  /** 20–60, default 20. */
  readonly pskMinBitsOfEntropy: number;
}

/** What a headless agent or a CLI with a keyboard typically offers. */
export const defaultAuthCapabilities: AuthCapabilities = {
  pskEaseOfInput: 50,
  pskInputMethods: [PskInputMethod.Numeric],
  pskMinBitsOfEntropy: DEFAULT_PSK_ENTROPY_BITS,
};

/**
 * osp-network §Authentication: "The agent with the lowest PSK ease of input presents a PSK … In case both
 * agents have the same PSK ease of input value, the server presents the PSK."
 */
export function localPresentsPsk(
  local: AuthCapabilities,
  remote: AuthCapabilities,
  localIsServer: boolean,
): boolean {
  if (local.pskEaseOfInput !== remote.pskEaseOfInput) return local.pskEaseOfInput < remote.pskEaseOfInput;
  return localIsServer;
}

/**
 * The presenter "must generate a PSK that has at least as many bits of entropy as it receives in this field,
 * and at least as many bits of entropy as it sends" (osp-network §Authentication).
 */
export function requiredPskBits(local: AuthCapabilities, remote: AuthCapabilities): number {
  const bits = Math.max(local.pskMinBitsOfEntropy, remote.pskMinBitsOfEntropy, MIN_PSK_ENTROPY_BITS);
  return Math.min(bits, MAX_PSK_ENTROPY_BITS);
}
