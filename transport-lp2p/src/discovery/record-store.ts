/** One cached resource record value with its lifetime (RFC 6762 §5.2, §10). */
export interface CachedRecord<T> {
  value: T;
  ttlMs: number;
  receivedAt: number;
  expiresAt: number;
  /** Address of the responder that last sent this record; it is charged for it. */
  responder: string;
  /** How many of the 80/85/90/95 % refresh queries have been sent for this copy. */
  refreshStage: number;
}

/** RFC 6762 §5.2: refresh at 80, 85, 90 and 95 % of the TTL before the record expires. */
const REFRESH_POINTS = [0.8, 0.85, 0.9, 0.95];
/** RFC 6762 §10.1: a goodbye (TTL 0) or a cache-flush makes a record expire one second later. */
const GRACE_MS = 1000;

/** Counts cached records per responder so one flooding host cannot fill the cache (osp-network §Denial of service). */
export class ResponderQuota {
  readonly #counts = new Map<string, number>();
  readonly #perResponder: number;
  readonly #total: number;
  #size = 0;

  constructor(perResponder: number, total: number) {
    this.#perResponder = perResponder;
    this.#total = total;
  }

  tryCharge(responder: string): boolean {
    const count = this.#counts.get(responder) ?? 0;
    if (count >= this.#perResponder || this.#size >= this.#total) return false;
    this.#counts.set(responder, count + 1);
    this.#size += 1;
    return true;
  }

  refund(responder: string): void {
    const count = (this.#counts.get(responder) ?? 0) - 1;
    if (count > 0) this.#counts.set(responder, count);
    else this.#counts.delete(responder);
    this.#size -= 1;
  }

  count(responder: string): number {
    return this.#counts.get(responder) ?? 0;
  }
}

/** A TTL-bounded map of records of one kind, charging each record to its responder. */
export class RecordStore<T> {
  readonly #records = new Map<string, CachedRecord<T>>();
  readonly #quota: ResponderQuota;

  constructor(quota: ResponderQuota) {
    this.#quota = quota;
  }

  get(key: string): CachedRecord<T> | undefined {
    return this.#records.get(key);
  }

  entries(): IterableIterator<[string, CachedRecord<T>]> {
    return this.#records.entries();
  }

  /** Stores or refreshes a record; TTL 0 schedules removal. Returns false when nothing changed. */
  put(key: string, value: T, ttlSeconds: number, responder: string, now: number): boolean {
    const existing = this.#records.get(key);
    if (ttlSeconds === 0) return this.retire(key, now);
    if (existing) {
      if (existing.responder !== responder) {
        if (!this.#quota.tryCharge(responder)) return false;
        this.#quota.refund(existing.responder);
      }
      Object.assign(existing, { value, responder, receivedAt: now, refreshStage: 0 });
      existing.ttlMs = ttlSeconds * 1000;
      existing.expiresAt = now + existing.ttlMs;
      return true;
    }
    if (!this.#quota.tryCharge(responder)) return false;
    const ttlMs = ttlSeconds * 1000;
    this.#records.set(key, {
      value,
      ttlMs,
      receivedAt: now,
      expiresAt: now + ttlMs,
      responder,
      refreshStage: 0,
    });
    return true;
  }

  /** Lets a record live one more second, without refreshing it (RFC 6762 §10.1, §10.2). */
  retire(key: string, now: number): boolean {
    const record = this.#records.get(key);
    if (!record) return false;
    record.expiresAt = Math.min(record.expiresAt, now + GRACE_MS);
    record.refreshStage = REFRESH_POINTS.length;
    return true;
  }

  /** Removes expired records; returns their keys. */
  sweep(now: number): string[] {
    const gone: string[] = [];
    for (const [key, record] of this.#records) {
      if (record.expiresAt > now) continue;
      this.#records.delete(key);
      this.#quota.refund(record.responder);
      gone.push(key);
    }
    return gone;
  }

  /** Advances refresh stages that are due; returns the keys whose record should be queried now. */
  takeRefreshDue(now: number): string[] {
    const due: string[] = [];
    for (const [key, record] of this.#records) {
      if (record.refreshStage >= REFRESH_POINTS.length || now < refreshAt(record)) continue;
      while (record.refreshStage < REFRESH_POINTS.length && now >= refreshAt(record))
        record.refreshStage += 1;
      due.push(key);
    }
    return due;
  }

  /** Earliest time something happens to a record here: a refresh point or an expiry. */
  nextDeadline(): number {
    let next = Number.POSITIVE_INFINITY;
    for (const record of this.#records.values()) {
      next = Math.min(next, record.expiresAt);
      if (record.refreshStage < REFRESH_POINTS.length) next = Math.min(next, refreshAt(record));
    }
    return next;
  }
}

function refreshAt(record: CachedRecord<unknown>): number {
  const point = REFRESH_POINTS[record.refreshStage] ?? 1;
  return Math.min(record.expiresAt, record.receivedAt + record.ttlMs * point);
}
