import { type Author, deviceWork, submissionColumns } from '@offgrid/field-survey/node';
import type { LiveForm } from './live-forms.ts';

/** One device as the coordinator's page lists it. */
export interface DeviceContact {
  readonly device: string;
  /** People who edited on it. */
  readonly persons: readonly string[];
  /** Submissions it created. */
  readonly created: number;
  /** Its newest edit, by its own clock (ms since the epoch; 0: none). */
  readonly lastEditAt: number;
  /** When this server last received data it wrote, by the server's clock (absent: none recorded). */
  readonly lastReceivedAt?: number;
  /** Forms it worked on. */
  readonly forms: readonly string[];
}

/**
 * Devices of `forms`, newest contact first. Two sources, both shown: the edit records (who, and when by the
 * device's clock: what work the server holds from it) and the server's own contact log (when data written by
 * the device's Yjs clients arrived, joined to the device through each shard's `authors` map).
 */
export function devicesOf(
  forms: readonly LiveForm[],
  contactsOf: (document: string) => ReadonlyMap<number, number>,
): DeviceContact[] {
  const out = new Map<
    string,
    { persons: Set<string>; created: number; lastEditAt: number; lastReceivedAt?: number; forms: Set<string> }
  >();
  const entry = (device: string) => {
    let found = out.get(device);
    if (!found) {
      found = { persons: new Set(), created: 0, lastEditAt: 0, forms: new Set() };
      out.set(device, found);
    }
    return found;
  };
  for (const live of forms) {
    const form = live.form();
    if (form) {
      for (const work of deviceWork(live.views(), submissionColumns(form)).values()) {
        const found = entry(work.device);
        found.created += work.created;
        found.lastEditAt = Math.max(found.lastEditAt, work.lastEditAt);
        for (const person of work.persons) found.persons.add(person);
        found.forms.add(live.id);
      }
    }
    for (const shard of live.shards) {
      const authors = shard.doc.getMap<Author>('authors');
      for (const [client, at] of contactsOf(shard.name)) {
        const author = authors.get(client.toString(36));
        if (!author || typeof author.device !== 'string') continue; // the server's own writes, or not yet known
        const found = entry(author.device);
        found.lastReceivedAt = Math.max(found.lastReceivedAt ?? 0, at);
        found.forms.add(live.id);
      }
    }
  }
  return [...out]
    .map(([device, d]) => ({
      device,
      persons: [...d.persons].sort(),
      created: d.created,
      lastEditAt: d.lastEditAt,
      ...(d.lastReceivedAt !== undefined && { lastReceivedAt: d.lastReceivedAt }),
      forms: [...d.forms].sort(),
    }))
    .sort(
      (a, b) =>
        (b.lastReceivedAt ?? 0) - (a.lastReceivedAt ?? 0) ||
        b.lastEditAt - a.lastEditAt ||
        (a.device < b.device ? -1 : 1),
    );
}
