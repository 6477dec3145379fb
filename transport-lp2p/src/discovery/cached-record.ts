/** One cached resource record value with its lifetime (RFC 6762 §5.2, §10). */
export interface CachedRecord<T> {
  value: T;
  ttlMs: number;
  receivedAt: number;
  expiresAt: number;
  /** How many of the 80/85/90/95 % refresh queries have been sent for this copy. */
  refreshStage: number;
}

/** RFC 6762 §5.2: refresh at 80, 85, 90 and 95 % of the TTL before the record expires. */
const REFRESH_POINTS = [0.8, 0.85, 0.9, 0.95];
/** RFC 6762 §10.1: a goodbye (TTL 0) or a cache-flush makes a record expire one second later. */
const GRACE_MS = 1000;

export function newRecord<T>(value: T, ttlSeconds: number, now: number): CachedRecord<T> {
  const ttlMs = ttlSeconds * 1000;
  return { value, ttlMs, receivedAt: now, expiresAt: now + ttlMs, refreshStage: 0 };
}

/** A fresh copy of a record arrived: new value and lifetime, refresh schedule restarted. */
export function renewRecord<T>(record: CachedRecord<T>, value: T, ttlSeconds: number, now: number): void {
  record.value = value;
  record.ttlMs = ttlSeconds * 1000;
  record.receivedAt = now;
  record.expiresAt = now + record.ttlMs;
  record.refreshStage = 0;
}

/** Lets a record live one more second, without refreshing it (RFC 6762 §10.1, §10.2). */
export function retireRecord(record: CachedRecord<unknown>, now: number): void {
  record.expiresAt = Math.min(record.expiresAt, now + GRACE_MS);
  record.refreshStage = REFRESH_POINTS.length;
}

/** Advances the refresh stage if one is due; true when the record should be queried now. */
export function takeRefreshDue(record: CachedRecord<unknown>, now: number): boolean {
  if (record.refreshStage >= REFRESH_POINTS.length || now < refreshAt(record)) return false;
  while (record.refreshStage < REFRESH_POINTS.length && now >= refreshAt(record)) record.refreshStage += 1;
  return true;
}

/** Earliest time something happens to the record: a refresh point or its expiry. */
export function recordDeadline(record: CachedRecord<unknown>): number {
  return record.refreshStage < REFRESH_POINTS.length
    ? Math.min(record.expiresAt, refreshAt(record))
    : record.expiresAt;
}

function refreshAt(record: CachedRecord<unknown>): number {
  const point = REFRESH_POINTS[record.refreshStage] ?? 1;
  return Math.min(record.expiresAt, record.receivedAt + record.ttlMs * point);
}
