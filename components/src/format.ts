/**
 * Plain-language text for the elements: pure functions of data, a clock and a locale, so they are tested in
 * Node without a browser. Sentences are English; numbers, times and units follow the locale through `Intl`.
 */
import type { DocumentSyncStatus, SyncStatus } from './types.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** "2 hr. ago", "5 min. ago", "now" for a moment before `now`. */
export function formatAgo(at: number, now: number, locale?: string): string {
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  const age = Math.max(0, now - at);
  if (age < MINUTE) return rtf.format(0, 'second');
  if (age < HOUR) return rtf.format(-Math.floor(age / MINUTE), 'minute');
  if (age < DAY) return rtf.format(-Math.floor(age / HOUR), 'hour');
  return rtf.format(-Math.floor(age / DAY), 'day');
}

/** "14:02" today, "Nov 29, 14:02" on another day. */
export function formatClock(at: number, now: number, locale?: string): string {
  const sameDay = new Date(at).toDateString() === new Date(now).toDateString();
  return new Intl.DateTimeFormat(locale, {
    ...(sameDay ? {} : { month: 'short', day: 'numeric' }),
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
}

/** One document's (or the sum of all's) sentence. */
export function describeDocument(
  doc: Omit<DocumentSyncStatus, 'name'>,
  now: number,
  locale?: string,
): string {
  if (doc.notOnServerKnown === false && doc.notOnServer === 0 && doc.lastServerConfirmationAt === undefined)
    return 'changes not yet confirmed by the server';
  if (doc.notOnServer > 0) {
    const head =
      doc.notOnServerKnown === false
        ? 'changes not yet confirmed by the server'
        : `${plural(doc.notOnServer, 'change', 'changes')} not yet on the server`;
    const local = doc.notOnAnyPeer > 0 ? `, ${doc.notOnAnyPeer} only on this device` : '';
    const oldest =
      doc.oldestUnconfirmedAt === undefined
        ? ''
        : `, oldest ${formatAgo(doc.oldestUnconfirmedAt, now, locale)}`;
    return head + local + oldest;
  }
  if (doc.lastServerConfirmationAt !== undefined)
    return `all saved on the server at ${formatClock(doc.lastServerConfirmationAt, now, locale)}`;
  return 'nothing to save yet';
}

/** The whole workspace in one sentence, and one per document. */
export function describeStatus(
  status: SyncStatus,
  now: number,
  locale?: string,
): { connectivity: string; summary: string; documents: { name: string; text: string }[] } {
  const documents = status.documents.map((doc) => ({
    name: doc.name,
    text: describeDocument(doc, now, locale),
  }));
  const oldest = status.documents
    .map((doc) => doc.oldestUnconfirmedAt)
    .filter((at): at is number => at !== undefined);
  const confirmations = status.documents
    .map((doc) => doc.lastServerConfirmationAt)
    .filter((at): at is number => at !== undefined);
  const total = {
    notOnServer: status.documents.reduce((sum, doc) => sum + doc.notOnServer, 0),
    notOnAnyPeer: status.documents.reduce((sum, doc) => sum + doc.notOnAnyPeer, 0),
    ...(status.documents.some((doc) => doc.notOnServerKnown === false) ? { notOnServerKnown: false } : {}),
    oldestUnconfirmedAt: oldest.length > 0 ? Math.min(...oldest) : undefined,
    // Everything is on the server since the earliest of the documents' last confirmations.
    lastServerConfirmationAt:
      confirmations.length === status.documents.length && confirmations.length > 0
        ? Math.min(...confirmations)
        : undefined,
  };
  const summary = describeDocument(total, now, locale);
  return {
    connectivity: { offline: 'Offline', 'nearby only': 'Nearby only', online: 'Online' }[status.connectivity],
    summary: summary.charAt(0).toUpperCase() + summary.slice(1),
    documents,
  };
}

/** "1.5 MB" */
export function formatBytes(bytes: number, locale?: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

/** "1.2 MB/s" */
export const formatRate = (bytesPerSecond: number, locale?: string) =>
  `${formatBytes(bytesPerSecond, locale)}/s`;

/** "about 3 min. left" */
export function formatRemaining(ms: number | undefined, locale?: string): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  const rtf = new Intl.RelativeTimeFormat(locale, { style: 'short' });
  // "in 3 min." reads as time left; RelativeTimeFormat gives the locale's own words for it.
  if (ms < MINUTE) return rtf.format(Math.max(1, Math.round(ms / 1000)), 'second');
  if (ms < HOUR) return rtf.format(Math.round(ms / MINUTE), 'minute');
  return rtf.format(Math.round(ms / HOUR), 'hour');
}
