import type { DiscoveredAgent } from '../discovery/index.ts';
import type { KnownPeer } from '../trust/node.ts';

/**
 * osp-network §Local active network attackers: the four cases that make an agent a "suspicious agent", and
 * `duplicate-name` (two keys announcing one name) for agents not yet paired.
 */
export type SuspicionReason =
  | 'fingerprint-collision'
  | 'name-changed'
  | 'repeated-failures'
  | 'similar-to-trusted'
  | 'duplicate-name';

export interface SuspicionContext {
  readonly discovered: readonly DiscoveredAgent[];
  readonly trusted: readonly KnownPeer[];
  /** Instance names seen under each fingerprint while this agent ran. */
  readonly namesSeen: ReadonlyMap<string, ReadonlySet<string>>;
  readonly failures: number;
}

/** Failed pairing attempts after which an untrusted agent is flagged. */
export const SUSPICIOUS_FAILURES = 3;

export function suspicionReasons(fingerprint: string, context: SuspicionContext): SuspicionReason[] {
  const reasons: SuspicionReason[] = [];
  const endpoints = new Set(
    context.discovered
      .filter((agent) => agent.fingerprint === fingerprint)
      .map((agent) => `${agent.addresses.join(',')}:${agent.port}`),
  );
  // "Agents with distinct IP endpoints whose public key fingerprints collide during concurrent advertisement."
  if (endpoints.size > 1) reasons.push('fingerprint-collision');
  if (context.trusted.some((peer) => peer.fingerprint === fingerprint && peer.authenticated)) return reasons;
  // The remaining cases apply to untrusted agents only.
  if ((context.namesSeen.get(fingerprint)?.size ?? 0) > 1) reasons.push('name-changed');
  if (context.failures >= SUSPICIOUS_FAILURES) reasons.push('repeated-failures');
  const names = [...(context.namesSeen.get(fingerprint) ?? [])];
  const lookalike = context.trusted.some(
    (peer) =>
      peer.fingerprint !== fingerprint && names.some((name) => namesLookAlike(name, peer.displayName)),
  );
  if (lookalike) reasons.push('similar-to-trusted');
  // Not one of the spec's four, but the same attack on a name nobody has paired with yet: another agent
  // announces this one's name under another key, and nothing tells which of them owns it.
  const own = new Set(
    context.discovered.filter((a) => a.fingerprint === fingerprint).map((a) => baseName(a.instanceName)),
  );
  if (context.discovered.some((a) => a.fingerprint !== fingerprint && own.has(baseName(a.instanceName))))
    reasons.push('duplicate-name');
  return reasons;
}

function baseName(instanceName: string): string {
  return instanceName.replace(/\0$/, '').toLowerCase();
}

/**
 * Whether two display names would be easy to confuse: equal after Unicode compatibility folding, case folding
 * and dropping spaces and punctuation, or within two edits of each other.
 */
export function namesLookAlike(a: string, b: string): boolean {
  const x = skeleton(a);
  const y = skeleton(b);
  if (x.length === 0 || y.length === 0) return false;
  // Short names differ in few letters anyway ("TV" / "PC"): allow one edit below 8 letters, two above.
  const limit = Math.min(x.length, y.length) < 8 ? 1 : 2;
  return x === y || editDistance(x, y, limit) <= limit;
}

function skeleton(name: string): string {
  return name
    .replace(/\0$/, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, '')
    .replace(/0/g, 'o')
    .replace(/[1l]/g, 'i');
}

/** Levenshtein distance, giving up (returning limit + 1) once it exceeds `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
}
