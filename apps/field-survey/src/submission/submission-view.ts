/** A submission as people and exports see it, built from its field states. Pure and portable. */
import type { RepeatInstance, SubmissionValues } from '../form/form-model.ts';
import {
  type Author,
  type FieldKey,
  instanceOf,
  STATUS,
  STATUS_RANK,
  type SubmissionMeta,
  type SubmissionStatus,
} from './edit-record.ts';
import type { Edit, FieldState } from './field-state.ts';

/** A field whose current values disagree: every value, with who typed it and when. */
export interface Conflict {
  readonly key: FieldKey;
  /** `members[2]/member_age`: repeat positions 1-based, as in the form's validation paths. */
  readonly path: string;
  readonly values: readonly {
    readonly id: string;
    readonly value: Edit['v'];
    readonly by: Author;
    readonly at: number;
  }[];
}

export interface SubmissionView {
  readonly id: string;
  readonly meta: SubmissionMeta;
  /** Draft, complete or reviewed; `complete` again when a field changed after the review (`reviewStale`). */
  readonly status: SubmissionStatus;
  readonly reviewStale: boolean;
  readonly values: SubmissionValues;
  readonly conflicts: readonly Conflict[];
  /** Every field's state by key, with its history. */
  readonly fields: ReadonlyMap<FieldKey, FieldState>;
  /** The newest edit of any field or of the status. */
  readonly lastEdit?: { readonly by: Author; readonly at: number };
}

interface InstanceNode {
  key: string;
  created: number;
  values: Record<string, unknown>;
  repeats: Map<string, InstanceNode[]>;
}

export function buildView(
  id: string,
  meta: SubmissionMeta,
  states: ReadonlyMap<FieldKey, FieldState>,
): SubmissionView {
  const root: InstanceNode = { key: '', created: 0, values: {}, repeats: new Map() };
  const nodes = new Map<string, InstanceNode>([['', root]]);
  const positions = new Map<string, string>();
  // Instances first, shortest keys (outer repeats) first, so each finds its parent.
  const instanceKeys = [...states.keys()].filter((k) => instanceOf(k)).sort((a, b) => a.length - b.length);
  for (const key of instanceKeys) {
    const state = states.get(key) as FieldState;
    const { parent, repeat, instance } = instanceOf(key) as NonNullable<ReturnType<typeof instanceOf>>;
    const owner = nodes.get(parent);
    if (!owner || (state.value !== true && !state.conflict)) continue;
    const node: InstanceNode = {
      key: instance,
      created: state.history[0]?.at ?? 0,
      values: {},
      repeats: new Map(),
    };
    nodes.set(`${key}/`, node);
    const list = owner.repeats.get(repeat) ?? [];
    list.push(node);
    owner.repeats.set(repeat, list);
  }
  for (const node of nodes.values())
    for (const [repeat, list] of node.repeats) {
      list.sort((a, b) => a.created - b.created || (a.key < b.key ? -1 : 1));
      node.values[repeat] = list;
    }
  const conflicts: Conflict[] = [];
  let lastEdit: SubmissionView['lastEdit'];
  for (const [key, state] of states) {
    const newest = state.current[0];
    if (newest && (!lastEdit || newest.at > lastEdit.at)) lastEdit = { by: newest.by, at: newest.at };
    if (key === STATUS) continue;
    const slash = key.lastIndexOf('/');
    const owner = nodes.get(key.slice(0, slash + 1));
    if (!owner) continue; // inside a removed instance
    if (state.conflict)
      conflicts.push({
        key,
        path: displayPath(key, nodes, positions),
        values: state.current.map((e) => ({ id: e.id, value: e.v, by: e.by, at: e.at })),
      });
    if (!instanceOf(key) && state.value !== null) owner.values[key.slice(slash + 1)] = state.value;
  }
  const { status, reviewStale } = effectiveStatus(states);
  return { id, meta, status, reviewStale, values: toValues(root), conflicts, fields: states, lastEdit };
}

function toValues(node: InstanceNode): SubmissionValues {
  const out: Record<string, unknown> = { ...node.values };
  for (const [repeat, list] of node.repeats)
    out[repeat] = list.map((child): RepeatInstance => ({ key: child.key, values: toValues(child) }));
  return out as SubmissionValues;
}

/** `members#k1/member_age` → `members[2]/member_age` (1-based position among the instances shown). */
function displayPath(key: FieldKey, nodes: Map<string, InstanceNode>, cache: Map<string, string>): string {
  const cached = cache.get(key);
  if (cached) return cached;
  let path = '';
  let prefix = '';
  for (const segment of key.split('/')) {
    const hash = segment.indexOf('#');
    if (hash < 0) path += segment;
    else {
      const repeat = segment.slice(0, hash);
      const list = nodes.get(prefix)?.repeats.get(repeat) ?? [];
      const position = list.findIndex((n) => n.key === segment.slice(hash + 1)) + 1;
      path += `${repeat}[${position || '?'}]/`;
    }
    prefix += `${segment}/`;
  }
  cache.set(key, path);
  return path;
}

/**
 * The highest status among the current status edits (concurrent "complete" and "reviewed" make it reviewed:
 * no typed value is at stake). A review covers the field edits its reviewer had seen; a field edit it did not
 * see makes the review stale: the status reads `complete` and the submission returns to the review queue.
 */
function effectiveStatus(states: ReadonlyMap<FieldKey, FieldState>): {
  status: SubmissionStatus;
  reviewStale: boolean;
} {
  const current = states.get(STATUS)?.current ?? [];
  let status: SubmissionStatus = 'draft';
  for (const edit of current) {
    const value = edit.v as SubmissionStatus;
    if (STATUS_RANK[value] !== undefined && STATUS_RANK[value] > STATUS_RANK[status]) status = value;
  }
  if (status !== 'reviewed') return { status, reviewStale: false };
  const seen = new Set(current.filter((e) => e.v === 'reviewed').flatMap((e) => e.seen ?? []));
  for (const [key, state] of states) {
    if (key === STATUS) continue;
    if (state.current.some((e) => !seen.has(e.id))) return { status: 'complete', reviewStale: true };
  }
  return { status, reviewStale: false };
}
