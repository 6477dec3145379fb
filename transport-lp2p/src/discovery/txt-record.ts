import { isAgentFingerprint } from '../identity/index.ts';
import { isAuthToken } from './auth-token.ts';

/** The TXT keys of osp-network §Discovery with mDNS, plus our `tcp`, `q2q` and `https` extensions. */
export interface OspTxtFields {
  /** `fp`: agent fingerprint, base64 of a SHA-256 SPKI hash (44 characters). */
  readonly fingerprint: string;
  /** `mv`: metadata version; grows whenever the agent's metadata changes. */
  readonly metadataVersion: number;
  /** `at`: auth token from `[A-Za-z0-9+/]`. */
  readonly authToken: string;
  /** `tcp` (Offgrid extension): port of the TLS-over-TCP session endpoint; absent when only QUIC is offered. */
  readonly tcpPort?: number;
  /** `q2q` (Offgrid extension): UDP port of the QUIC listener for LP2P WebTransport sessions (ALPN `q2q`). */
  readonly q2qPort?: number;
  /** `https` (Offgrid extension): TCP port of the agent's Local HTTPS service (LP2P §Local HTTPS). */
  readonly httpsPort?: number;
}

/** A validated OSP TXT record: the typed fields and every key/value pair, keys lower-cased. */
export interface ParsedOspTxt extends OspTxtFields {
  readonly txt: Readonly<Record<string, string>>;
}

// RFC 6763 §6.1: each TXT string is at most 255 bytes; a cap on their count bounds work per record.
const MAX_STRING_BYTES = 255;
const MAX_STRINGS = 64;
const METADATA_VERSION_PATTERN = /^[0-9]{1,16}$/;
const PORT_PATTERN = /^[0-9]{1,5}$/;

/** Encodes the OSP TXT strings, `key=value` each (RFC 6763 §6.3). */
export function encodeOspTxt(fields: OspTxtFields): Buffer[] {
  const pairs: [string, string][] = [
    ['fp', fields.fingerprint],
    ['mv', String(fields.metadataVersion)],
    ['at', fields.authToken],
  ];
  if (fields.tcpPort !== undefined) pairs.push(['tcp', String(fields.tcpPort)]);
  if (fields.q2qPort !== undefined) pairs.push(['q2q', String(fields.q2qPort)]);
  if (fields.httpsPort !== undefined) pairs.push(['https', String(fields.httpsPort)]);
  return pairs.map(([key, value]) => Buffer.from(`${key}=${value}`, 'utf8'));
}

/**
 * Decodes and validates TXT strings from the network. Returns `undefined`, never throws, when `fp`, `mv` or
 * `at` is missing or malformed: such a record is ignored. A malformed `tcp` or `q2q` is treated as absent, since
 * it is only our extension and another implementation may use the key differently.
 */
export function decodeOspTxt(strings: readonly unknown[]): ParsedOspTxt | undefined {
  if (strings.length > MAX_STRINGS) return undefined;
  // A Map, then fromEntries: a remote "__proto__" key becomes a plain own property, never a prototype.
  const pairs = new Map<string, string>();
  for (const entry of strings) {
    if (!Buffer.isBuffer(entry) || entry.length === 0 || entry.length > MAX_STRING_BYTES) continue;
    const text = entry.toString('utf8');
    const eq = text.indexOf('=');
    // RFC 6763 §6.4: keys are case-insensitive, a key without "=" is a boolean flag, only the first copy counts.
    const key = (eq < 0 ? text : text.slice(0, eq)).toLowerCase();
    if (key.length === 0 || pairs.has(key)) continue;
    pairs.set(key, eq < 0 ? '' : text.slice(eq + 1));
  }
  const [fp, mv, at] = ['fp', 'mv', 'at'].map((key) => pairs.get(key));
  const txt = Object.freeze(Object.fromEntries(pairs));
  if (fp === undefined || !isAgentFingerprint(fp)) return undefined;
  if (at === undefined || !isAuthToken(at)) return undefined;
  if (mv === undefined || !METADATA_VERSION_PATTERN.test(mv)) return undefined;
  const metadataVersion = Number(mv);
  if (!Number.isSafeInteger(metadataVersion)) return undefined;
  const tcpPort = optionalPort(pairs.get('tcp'));
  const q2qPort = optionalPort(pairs.get('q2q'));
  return {
    fingerprint: fp,
    metadataVersion,
    authToken: at,
    txt,
    ...(tcpPort !== undefined && { tcpPort }),
    ...(q2qPort !== undefined && { q2qPort }),
  };
}

function optionalPort(text: string | undefined): number | undefined {
  if (text === undefined || !PORT_PATTERN.test(text)) return undefined;
  const port = Number(text);
  return isPort(port) ? port : undefined;
}

/** Whether `value` is a usable TCP/UDP port number. */
export function isPort(value: number): boolean {
  return Number.isInteger(value) && value > 0 && value <= 0xffff;
}
