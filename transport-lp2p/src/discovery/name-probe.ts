import type { Answer } from 'dns-packet';
import type { MdnsHost } from './mdns-host.ts';
import { sameName } from './mdns-responder.ts';

/** RFC 6762 §8.1: three probes 250 ms apart, after a random 0–250 ms delay. */
const PROBE_COUNT = 3;
const PROBE_INTERVAL_MS = 250;

/**
 * Probes the network for `name` (RFC 6762 §8.1) before we claim it. Resolves `true` as soon as another
 * responder answers with a live record of that name (a conflict), `false` after the last probe goes unanswered.
 * Simultaneous-probe tie-breaking (§8.2) is not done: two agents probing the same new name in the same 750 ms
 * window may both claim it.
 */
export function probeName(
  host: MdnsHost,
  name: string,
  proposed: Answer[],
  signal?: AbortSignal,
): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    const finish = (conflict: boolean) => {
      clearTimeout(timer);
      unsubscribe();
      signal?.removeEventListener('abort', onAbort);
      resolve(conflict);
    };
    const onAbort = () => finish(false);
    const unsubscribe = host.onResponse((packet) => {
      const records = [...(packet.answers ?? []), ...(packet.additionals ?? [])];
      if (records.some((r) => sameName(r.name, name) && 'ttl' in r && (r.ttl ?? 0) > 0)) finish(true);
    });
    const send = () => {
      if (sent === PROBE_COUNT) return finish(false);
      sent += 1;
      // "ANY" is not in the dns-packet typings' RecordType, but the codec encodes it (RFC 6762 §8.1).
      void host.query([{ name, type: 'ANY' as 'A' }], { authorities: proposed });
      timer = setTimeout(send, PROBE_INTERVAL_MS);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    timer = setTimeout(send, Math.random() * PROBE_INTERVAL_MS);
  });
}
