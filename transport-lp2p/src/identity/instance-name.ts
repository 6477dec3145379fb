import { InvalidIdentityParameterError } from '../errors/index.ts';

/** A DNS label holds at most 63 octets (RFC 1035 §2.3.4; RFC 6763 §4.1.1 for Instance Names). */
const MAX_LABEL_OCTETS = 63;

/** Marks a truncated Instance Name (osp-network §Discovery with mDNS). */
const TRUNCATION_MARK = '\u0000';

const encoder = new TextEncoder();

/**
 * DNS-SD Instance Name for an advertising agent (osp-network §Discovery with mDNS): the display name
 * itself when it fits one DNS label, otherwise its longest prefix that ends on a UTF-8 character boundary
 * and, with the terminating null (`\000`) the spec requires for truncated names, still fits 63 octets.
 *
 * @example
 * toInstanceName('Living Room TV'); // 'Living Room TV'
 * toInstanceName('x'.repeat(70));   // 'x'.repeat(62) + '\u0000'
 */
export function toInstanceName(displayName: string): string {
  if (displayName.length === 0) throw new InvalidIdentityParameterError('display name must not be empty');
  if (!displayName.isWellFormed()) {
    throw new InvalidIdentityParameterError('display name contains unpaired UTF-16 surrogates');
  }
  if (encoder.encode(displayName).length <= MAX_LABEL_OCTETS) return displayName;

  const budget = MAX_LABEL_OCTETS - 1; // the null marker takes one octet
  let prefix = '';
  let octets = 0;
  // Iterating a string yields whole code points, so a cut never splits a UTF-8 sequence.
  for (const char of displayName) {
    const size = encoder.encode(char).length;
    if (octets + size > budget) break;
    prefix += char;
    octets += size;
  }
  return prefix + TRUNCATION_MARK;
}

/** True when `instanceName` was truncated by {@link toInstanceName} (it ends with the null marker). */
export function isTruncatedInstanceName(instanceName: string): boolean {
  return instanceName.endsWith(TRUNCATION_MARK);
}
