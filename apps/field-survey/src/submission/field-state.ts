/**
 * From the edits of one submission to the state of each field: the current edits (those no other edit
 * replaces), whether they disagree (a conflict), and the value to show. Pure and portable.
 */
import type { FieldValue } from '../form/form-model.ts';
import { type Author, type EditRecord, type FieldKey, instanceOf, STATUS } from './edit-record.ts';

/** One field's part of an edit record: what the field was set to, by whom, when, replacing what. */
export interface Edit {
  /** The record's id (`<client>.<clock>`), shared by the fields one save set. */
  readonly id: string;
  readonly k: FieldKey;
  readonly v: FieldValue | boolean;
  readonly by: Author;
  readonly at: number;
  readonly sup: readonly string[];
  readonly r?: true;
  readonly seen?: readonly string[];
}

/** Splits records into per-field edits. `authorOf` names the author of a record id without a `by`. */
export function* fieldEdits(
  records: Iterable<[string, EditRecord]>,
  authorOf: (id: string) => Author,
): Generator<Edit> {
  for (const [id, record] of records) {
    const by = record.by ?? authorOf(id);
    for (const [k, v] of Object.entries(record.s))
      yield { id, k, v, by, at: record.at, sup: record.sup, r: record.r, seen: record.seen };
  }
}

export interface FieldState {
  readonly key: FieldKey;
  /** Edits no other edit replaces, newest first. Length 1 unless concurrent edits met. */
  readonly current: readonly Edit[];
  /** The value shown: the newest current edit's (by time, then id: the same on every device). */
  readonly value: Edit['v'];
  /** Current edits disagree; or a repeat instance was removed while a field in it was edited. */
  readonly conflict: boolean;
  /** Every edit of the field, oldest first: the field's history. */
  readonly history: readonly Edit[];
}

const newestFirst = (a: Edit, b: Edit) => b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** Groups edits by key and computes each key's state. */
export function fieldStates(edits: Iterable<Edit>): Map<FieldKey, FieldState> {
  const byKey = new Map<FieldKey, Edit[]>();
  for (const edit of edits) {
    const list = byKey.get(edit.k);
    if (list) list.push(edit);
    else byKey.set(edit.k, [edit]);
  }
  const states = new Map<FieldKey, FieldState>();
  // Sorted keys: every replica lists fields, and so conflicts, in the same order.
  for (const [key, list] of [...byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const replaced = new Set(list.flatMap((e) => e.sup));
    const current = list.filter((e) => !replaced.has(e.id)).sort(newestFirst);
    // A cycle cannot be made through this API (an edit only replaces edits that exist); should a forged one
    // appear, nothing would be current: keep every edit current rather than show no value.
    const live = current.length > 0 ? current : [...list].sort(newestFirst);
    const first = JSON.stringify(live[0]?.v ?? null);
    const disagree = live.some((e) => JSON.stringify(e.v ?? null) !== first);
    states.set(key, {
      key,
      current: live,
      value: live[0]?.v ?? null,
      conflict: key !== STATUS && disagree,
      history: [...list].sort((a, b) => -newestFirst(a, b)),
    });
  }
  markRemovedWhileEdited(states);
  return states;
}

/**
 * A repeat instance removed by someone who had not seen an edit made in it meanwhile: that edit would vanish
 * with the instance unless a person decides, so the instance is in conflict.
 */
function markRemovedWhileEdited(states: Map<FieldKey, FieldState>): void {
  for (const [key, state] of states) {
    if (state.value !== null || !instanceOf(key)) continue;
    const seen = new Set(state.current.flatMap((e) => e.seen ?? []));
    const prefix = `${key}/`;
    for (const [inner, innerState] of states) {
      if (!inner.startsWith(prefix)) continue;
      if (innerState.current.some((e) => !seen.has(e.id) && e.v !== null)) {
        states.set(key, { ...state, conflict: true });
        break;
      }
    }
  }
}
