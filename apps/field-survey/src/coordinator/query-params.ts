/**
 * The query string of the coordinator's submission endpoints, checked before anything is read: known parameters
 * only, bounded lengths and page sizes, dates that parse. Anything else is a `QueryError` (HTTP 400). Portable.
 */
import { SurveyError } from '../errors.ts';
import type { SubmissionStatus } from '../submission/edit-record.ts';

export const QUERY_LIMITS = {
  /** Longest query string accepted, in characters. */
  maxQueryChars: 2000,
  /** Longest text filter (`q`, `device`, `person`). */
  maxTextChars: 200,
  defaultLimit: 50,
  maxLimit: 500,
  /** The map asks for every point at once, up to this. */
  maxPoints: 20_000,
  maxOffset: 10_000_000,
} as const;

export type SubmissionSort = 'created' | '-created' | 'edited' | '-edited';

/** Filters and a page of the submissions table (and, without the page, of the map and the conflicts). */
export interface SubmissionQuery {
  readonly status?: SubmissionStatus;
  /** Only submissions with (true) or without (false) open conflicts. */
  readonly conflict?: boolean;
  /** A device that created or edited the submission (exact name). */
  readonly device?: string;
  /** A person who created or edited the submission (exact name). */
  readonly person?: string;
  /** Created at or after (ms since the epoch). */
  readonly from?: number;
  /** Created at or before (ms since the epoch). */
  readonly to?: number;
  /** Free text, matched case-insensitively against the id, authors and every value. */
  readonly text?: string;
  readonly sort: SubmissionSort;
  readonly offset: number;
  readonly limit: number;
}

/** A query string the endpoint refuses. `code`: `query-invalid` (with the parameter) or `query-too-long`. */
export class QueryError extends SurveyError {
  readonly param?: string;

  constructor(code: 'query-invalid' | 'query-too-long', message: string, param?: string) {
    super(code, message);
    this.param = param;
  }
}

const PARAMS = new Set([
  'status',
  'conflict',
  'device',
  'person',
  'from',
  'to',
  'q',
  'sort',
  'offset',
  'limit',
]);
const STATUSES = new Set(['draft', 'complete', 'reviewed']);
const SORTS = new Set(['created', '-created', 'edited', '-edited']);
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Reads `status`, `conflict` (`1`/`0`), `device`, `person`, `from`/`to` (`YYYY-MM-DD`, whole days in UTC, or an
 * ISO 8601 instant with its offset), `q`, `sort` (`created`, `-created` (default), `edited`, `-edited`), `offset`
 * and `limit` (1 … `maxLimit`, or … `pageMax` for the map). Throws `QueryError`.
 */
export function parseSubmissionQuery(
  search: string,
  pageMax: number = QUERY_LIMITS.maxLimit,
  extra: readonly string[] = [],
): SubmissionQuery {
  if (search.length > QUERY_LIMITS.maxQueryChars)
    throw new QueryError('query-too-long', `query over ${QUERY_LIMITS.maxQueryChars} characters`);
  const params = new URLSearchParams(search);
  for (const name of new Set(params.keys())) {
    if (!PARAMS.has(name) && !extra.includes(name))
      throw new QueryError('query-invalid', `unknown parameter ${name}`, name);
    if (params.getAll(name).length > 1) throw new QueryError('query-invalid', `${name} given twice`, name);
  }
  const text = (name: string) => {
    const value = params.get(name);
    if (value === null || value === '') return undefined;
    if (value.length > QUERY_LIMITS.maxTextChars)
      throw new QueryError('query-invalid', `${name} over ${QUERY_LIMITS.maxTextChars} characters`, name);
    return value;
  };
  const status = text('status');
  if (status !== undefined && !STATUSES.has(status))
    throw new QueryError('query-invalid', 'status must be draft, complete or reviewed', 'status');
  const conflict = text('conflict');
  if (conflict !== undefined && conflict !== '1' && conflict !== '0')
    throw new QueryError('query-invalid', 'conflict must be 1 or 0', 'conflict');
  const sort = text('sort') ?? '-created';
  if (!SORTS.has(sort))
    throw new QueryError('query-invalid', 'sort must be created or edited, - for newest first', 'sort');
  const from = date(text('from'), 'from', false);
  const to = date(text('to'), 'to', true);
  if (from !== undefined && to !== undefined && from > to)
    throw new QueryError('query-invalid', 'from is after to', 'from');
  const q = text('q')?.trim().toLowerCase();
  return {
    ...(status !== undefined && { status: status as SubmissionStatus }),
    ...(conflict !== undefined && { conflict: conflict === '1' }),
    ...(text('device') !== undefined && { device: text('device') }),
    ...(text('person') !== undefined && { person: text('person') }),
    ...(from !== undefined && { from }),
    ...(to !== undefined && { to }),
    ...(q && { text: q }),
    sort: sort as SubmissionSort,
    offset: integer(text('offset'), 'offset', 0, QUERY_LIMITS.maxOffset, 0),
    limit: integer(text('limit'), 'limit', 1, pageMax, Math.min(QUERY_LIMITS.defaultLimit, pageMax)),
  };
}

function integer(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,9}$/.test(value) || Number(value) < min || Number(value) > max)
    throw new QueryError('query-invalid', `${name} must be a whole number from ${min} to ${max}`, name);
  return Number(value);
}

function date(value: string | undefined, name: string, endOfDay: boolean): number | undefined {
  if (value === undefined) return undefined;
  let ms = Number.NaN;
  if (DAY.test(value)) {
    ms = Date.parse(`${value}T00:00:00Z`);
    // Dates that roll over (2026-02-30) are refused, not moved.
    if (!Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) !== value) ms = Number.NaN;
    if (endOfDay) ms += 86_400_000 - 1;
  } else if (INSTANT.test(value)) ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new QueryError('query-invalid', `${name} must be a date (YYYY-MM-DD) or an ISO 8601 instant`, name);
  return ms;
}
