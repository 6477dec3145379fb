/**
 * The coordinator's questions over a form's submissions: a filtered, sorted page of the table, the map's points,
 * the open conflicts and each device's activity. Over `SubmissionView`s, however they were read. Portable.
 */
import { valueToText } from '../form/field-values.ts';
import type { FieldValue } from '../form/form-model.ts';
import type { Author } from '../submission/edit-record.ts';
import type { SubmissionView } from '../submission/submission-view.ts';
import type { SubmissionQuery } from './query-params.ts';
import { type SubmissionColumns, type SubmissionRow, type Summary, summarize } from './submission-summary.ts';

export interface SubmissionPage {
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  readonly columns: SubmissionColumns['columns'];
  readonly geopoint?: string;
  readonly rows: readonly SubmissionRow[];
}

function matches(summary: Summary, query: SubmissionQuery): boolean {
  const { row } = summary;
  if (query.status !== undefined && row.status !== query.status) return false;
  if (query.conflict !== undefined && row.conflicts > 0 !== query.conflict) return false;
  if (query.device !== undefined && !summary.devices.has(query.device)) return false;
  if (query.person !== undefined && !summary.persons.has(query.person)) return false;
  if (query.from !== undefined && row.createdAt < query.from) return false;
  if (query.to !== undefined && row.createdAt > query.to) return false;
  if (query.text !== undefined && !summary.text.includes(query.text)) return false;
  return true;
}

function filtered(views: Iterable<SubmissionView>, columns: SubmissionColumns, query: SubmissionQuery) {
  const rows: SubmissionRow[] = [];
  for (const view of views) {
    const summary = summarize(view, columns);
    if (matches(summary, query)) rows.push(summary.row);
  }
  const edited = (r: SubmissionRow) => r.lastEdit?.at ?? r.createdAt;
  const key = query.sort.endsWith('created') ? (r: SubmissionRow) => r.createdAt : edited;
  const sign = query.sort.startsWith('-') ? -1 : 1;
  rows.sort((a, b) => sign * (key(a) - key(b)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return rows;
}

/** The page `query.offset`…`+limit` of the submissions that pass its filters, in its order. */
export function querySubmissions(
  views: Iterable<SubmissionView>,
  columns: SubmissionColumns,
  query: SubmissionQuery,
): SubmissionPage {
  const rows = filtered(views, columns, query);
  return {
    total: rows.length,
    offset: query.offset,
    limit: query.limit,
    columns: columns.columns,
    ...(columns.geopoint && { geopoint: columns.geopoint }),
    rows: rows.slice(query.offset, query.offset + query.limit),
  };
}

export interface MapPoint {
  readonly id: string;
  readonly lat: number;
  readonly lon: number;
  readonly status: SubmissionRow['status'];
  readonly conflicts: number;
  readonly label: string;
}

/** The geopoints of the submissions that pass the filters (at most `query.limit`, then `truncated`). */
export function mapPoints(
  views: Iterable<SubmissionView>,
  columns: SubmissionColumns,
  query: SubmissionQuery,
): { geopoint?: string; total: number; truncated: boolean; points: MapPoint[] } {
  const rows = filtered(views, columns, query).filter((r) => r.point);
  const first = columns.columns[0]?.name;
  const points = rows.slice(0, query.limit).map((r) => ({
    id: r.id,
    lat: r.point?.lat as number,
    lon: r.point?.lon as number,
    status: r.status,
    conflicts: r.conflicts,
    label: (first && r.values[first]) || r.id,
  }));
  return {
    ...(columns.geopoint && { geopoint: columns.geopoint }),
    total: rows.length,
    truncated: rows.length > points.length,
    points,
  };
}

/** A conflict as the page shows it: each competing value as text, with who typed it and when. */
export interface OpenConflict {
  readonly id: string;
  readonly createdBy: Author;
  readonly fields: readonly {
    readonly key: string;
    readonly path: string;
    readonly values: readonly { readonly value: string; readonly by: Author; readonly at: number }[];
  }[];
}

/** Submissions with open conflicts, oldest conflict first, a page of them. */
export function openConflicts(
  views: Iterable<SubmissionView>,
  offset: number,
  limit: number,
): { total: number; offset: number; limit: number; rows: OpenConflict[] } {
  const open = [...views].filter((v) => v.conflicts.length > 0);
  const since = (v: SubmissionView) => Math.min(...v.conflicts.flatMap((c) => c.values.map((x) => x.at)));
  open.sort((a, b) => since(a) - since(b) || (a.id < b.id ? -1 : 1));
  const rows = open.slice(offset, offset + limit).map((v) => ({
    id: v.id,
    createdBy: v.meta.createdBy,
    fields: v.conflicts.map((c) => ({
      key: c.key,
      path: c.path,
      values: c.values.map((x) => ({ value: conflictText(x.value), by: x.by, at: x.at })),
    })),
  }));
  return { total: open.length, offset, limit, rows };
}

function conflictText(value: FieldValue | boolean): string {
  if (value === true) return '(instance kept)';
  if (value === false || value === null) return '(removed)';
  return valueToText(value);
}

/** What the submissions say of one device: who used it, what it created, its newest edit (device clock). */
export interface DeviceWork {
  readonly device: string;
  readonly persons: string[];
  readonly created: number;
  readonly lastEditAt: number;
}

export function deviceWork(
  views: Iterable<SubmissionView>,
  columns: SubmissionColumns,
): Map<string, DeviceWork> {
  const out = new Map<string, { persons: Set<string>; created: number; lastEditAt: number }>();
  const entry = (device: string) => {
    let found = out.get(device);
    if (!found) {
      found = { persons: new Set(), created: 0, lastEditAt: 0 };
      out.set(device, found);
    }
    return found;
  };
  for (const view of views) {
    const summary = summarize(view, columns);
    entry(view.meta.createdBy.device).created++;
    for (const [device, edits] of summary.editsByDevice) {
      const found = entry(device);
      found.lastEditAt = Math.max(found.lastEditAt, edits.at);
      for (const person of edits.persons) found.persons.add(person);
    }
  }
  return new Map(
    [...out].map(([device, w]) => [
      device,
      { device, persons: [...w.persons].sort(), created: w.created, lastEditAt: w.lastEditAt },
    ]),
  );
}
