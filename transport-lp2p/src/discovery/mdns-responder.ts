import type { Answer, Question } from 'dns-packet';

/** The records a responder sends for one query: direct answers plus the DNS-SD additionals. */
export interface QueryAnswer {
  readonly answers: Answer[];
  readonly additionals: Answer[];
}

/**
 * Answers one mDNS query from the records we own (RFC 6762 §6). Applies known-answer suppression (§7.1) and
 * adds the SRV, TXT and address records a browser needs next (RFC 6763 §12.1, §12.2). Pure: no I/O.
 * Returns `undefined` when we have nothing to say.
 */
export function answerQuery(
  questions: readonly Question[],
  knownAnswers: readonly Answer[],
  records: readonly Answer[],
): QueryAnswer | undefined {
  const answers: Answer[] = [];
  for (const question of questions) {
    if (typeof question?.name !== 'string' || !isInternetClass(question.class)) continue;
    for (const record of records) {
      if (!sameName(record.name, question.name)) continue;
      if ((question.type as string) !== 'ANY' && question.type !== record.type) continue;
      if (answers.includes(record) || isKnown(record, knownAnswers)) continue;
      answers.push(record);
    }
  }
  if (answers.length === 0) return undefined;
  const additionals: Answer[] = [];
  const add = (name: string, types: readonly string[]) => {
    for (const record of records) {
      if (!types.includes(record.type) || !sameName(record.name, name)) continue;
      if (!answers.includes(record) && !additionals.includes(record)) additionals.push(record);
    }
  };
  for (const answer of answers) if (answer.type === 'PTR') add(answer.data, ['SRV', 'TXT']);
  for (const record of [...answers, ...additionals])
    if (record.type === 'SRV') add(record.data.target, ['A']);
  return { answers, additionals };
}

/** DNS names compare case-insensitively in ASCII (RFC 6762 §16). */
export function sameName(a: string, b: string): boolean {
  return a.length === b.length && a.toLowerCase() === b.toLowerCase();
}

// dns-packet leaves the QU bit (RFC 6762 §5.4) inside the class, so "IN" asked with QU decodes as UNKNOWN_32769.
function isInternetClass(klass: string | undefined): boolean {
  return klass === undefined || klass === 'IN' || klass === 'ANY' || klass === 'UNKNOWN_32769';
}

// RFC 6762 §7.1: skip an answer the querier already holds with at least half of its true TTL remaining.
function isKnown(record: Answer, knownAnswers: readonly Answer[]): boolean {
  const ttl = 'ttl' in record ? (record.ttl ?? 0) : 0;
  return knownAnswers.some(
    (known) =>
      typeof known?.name === 'string' &&
      known.type === record.type &&
      sameName(known.name, record.name) &&
      'ttl' in known &&
      (known.ttl ?? 0) >= ttl / 2 &&
      sameData(known, record),
  );
}

function sameData(a: Answer, b: Answer): boolean {
  const key = dataKey(a);
  return key !== undefined && key === dataKey(b);
}

/** A comparable form of the record data, or `undefined` when it is malformed (remote known answers may be). */
function dataKey(record: Answer): string | undefined {
  const data: unknown = 'data' in record ? record.data : undefined;
  if (record.type === 'PTR') return typeof data === 'string' ? data.toLowerCase() : undefined;
  if (record.type === 'A') return typeof data === 'string' ? data : undefined;
  if (record.type === 'SRV') {
    const { port, target } = (data ?? {}) as { port?: unknown; target?: unknown };
    return typeof port === 'number' && typeof target === 'string'
      ? `${port} ${target.toLowerCase()}`
      : undefined;
  }
  if (record.type === 'TXT') {
    const list = Array.isArray(data) ? data : [data];
    if (!list.every((item) => typeof item === 'string' || Buffer.isBuffer(item))) return undefined;
    return Buffer.concat(list.map((item) => (typeof item === 'string' ? Buffer.from(item) : item))).toString(
      'hex',
    );
  }
  return undefined;
}
