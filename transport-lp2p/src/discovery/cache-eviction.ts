import { lastHeard, recordsOf, type Source } from './agent-source.ts';

/** Rank of an agent that cannot be evicted to make room: a trusted (paired) one. */
export const KEEP_ALWAYS = 2;

/**
 * The source to evict so a newcomer fits (osp-network §Denial of Service: spurious records must not exhaust the
 * cache): lowest rank first (unverified, then verified; {@link KEEP_ALWAYS} never), then the heaviest sender, then
 * the least recently heard. A sender's weight is the most records held by its address, by its fingerprint or by
 * its SRV host name across addresses, so aliases that share a key or a host name count as one. `undefined` when
 * nothing but `except` and trusted agents is left.
 */
export function chooseVictim(
  sources: ReadonlyMap<string, Source>,
  recordsByResponder: ReadonlyMap<string, number>,
  rankOf: (fingerprint: string) => number,
  except: string,
): string | undefined {
  const groups = new Map<string, number>();
  const add = (group: string, records: number) => groups.set(group, (groups.get(group) ?? 0) + records);
  for (const source of sources.values()) {
    const records = recordsOf(source);
    const fingerprint = source.txt?.value?.fingerprint;
    if (fingerprint !== undefined) add(`fp ${fingerprint}`, records);
    if (source.srv) add(`host ${source.srv.value.target}`, records);
  }
  let victim: { key: string; rank: number; weight: number; heard: number } | undefined;
  for (const [key, source] of sources) {
    if (key === except) continue;
    const fingerprint = source.txt?.value?.fingerprint;
    const rank = fingerprint === undefined ? 0 : rankOf(fingerprint);
    if (rank >= KEEP_ALWAYS) continue;
    const weight = Math.max(
      recordsByResponder.get(source.responder) ?? 0,
      groups.get(`fp ${fingerprint}`) ?? 0,
      groups.get(`host ${source.srv?.value.target}`) ?? 0,
    );
    const heard = lastHeard(source);
    const better =
      !victim ||
      rank < victim.rank ||
      (rank === victim.rank &&
        (weight > victim.weight || (weight === victim.weight && heard < victim.heard)));
    if (better) victim = { key, rank, weight, heard };
  }
  return victim?.key;
}
