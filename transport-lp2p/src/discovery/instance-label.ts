import { isTruncatedInstanceName, toInstanceName } from '../identity/index.ts';

/** RFC 1035 §2.3.4: a DNS label holds at most 63 octets. */
const MAX_LABEL_BYTES = 63;
const TRUNCATION_MARK = '\u0000';

/**
 * DNS-SD instance label for a display name: {@link toInstanceName} (a prefix of the display name, ended by
 * `\000` when truncated, osp-network §Discovery with mDNS), additionally cut before the first ".".
 *
 * Our DNS codec (dns-packet) splits names on dots and cannot carry a dot inside a label; cutting there keeps
 * the label a true, marked prefix of the display name, as the spec requires.
 *
 * @example
 * toInstanceLabel('Living Room TV'); // "Living Room TV"
 * toInstanceLabel('Dr. Who'); // "Dr\u0000"
 */
export function toInstanceLabel(displayName: string): string {
  const dot = displayName.indexOf('.');
  if (dot < 0) return toInstanceName(displayName);
  if (dot === 0) return TRUNCATION_MARK;
  const label = toInstanceName(displayName.slice(0, dot));
  return isTruncatedInstanceName(label) ? label : label + TRUNCATION_MARK;
}

/**
 * RFC 6763 §4.1.1-style rename after an mDNS conflict (RFC 6762 §9): "Name (2)", "Name (3)"… within one
 * label. A conflict forces the suffix even though the result is no longer a prefix of the display name.
 */
export function conflictRename(label: string, attempt: number): string {
  const base = isTruncatedInstanceName(label) ? label.slice(0, -1) : label;
  const suffix = ` (${attempt})`;
  return truncateUtf8(base, MAX_LABEL_BYTES - Buffer.byteLength(suffix, 'utf8')) + suffix;
}

function truncateUtf8(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const codePoint of text) {
    const size = Buffer.byteLength(codePoint, 'utf8');
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += codePoint.length;
  }
  return text.slice(0, end);
}
