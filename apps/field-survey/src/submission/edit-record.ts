/**
 * What a submission holds in Yjs. A submission is a `Y.Map` whose entries are the form's identity (`meta`) and
 * edits, each under a key of its own (`<clientID>.<clock>`, unique across devices), never overwritten. So two
 * devices that edit the same field concurrently write two entries, not one entry twice: Yjs' last-writer-wins on
 * a map key never comes into play, and no typed value can vanish in a merge.
 *
 * An edit names the field it sets (`key`), the value, who (`by`) and when (`at`), and which earlier edits of that
 * field it replaces (`sup`: the values its author saw). The field's current values are the edits nobody replaced
 * yet; more than one distinct value there is a conflict, which only a person resolves (an edit replacing them all).
 */
import type { FieldValue } from '../form/form-model.ts';

/** Who made an edit: the device it was made on and the person using it. */
export interface Author {
  readonly device: string;
  readonly person: string;
}

export type SubmissionStatus = 'draft' | 'complete' | 'reviewed';

export interface SubmissionMeta {
  readonly formId: string;
  readonly formVersion: string;
  readonly createdAt: number;
  readonly createdBy: Author;
}

/**
 * One edit: one save of one or more fields. Plain JSON inside the Yjs map (one `ContentAny` item), so a save of
 * twenty fields costs one item, not twenty. The author is not repeated in every record: it is the author
 * registered for the Yjs client that wrote it (`authors`), unless the record names one (`by`).
 */
export interface EditRecord {
  /** The fields set: field key (`FieldKey`), `@status`, or a repeat instance key → value. `null` clears a field
   * or removes a repeat instance; `true` creates an instance. */
  readonly s: Readonly<Record<string, FieldValue | boolean>>;
  /** Milliseconds since the epoch, from the author's clock. */
  readonly at: number;
  /**
   * Edits this one replaces, for the fields it sets: the values its author had in front of them. An edit
   * replaces an earlier one only for the fields both set.
   */
  readonly sup: readonly string[];
  /** Set on a reviewer's resolution of a conflict. */
  readonly r?: true;
  /**
   * For a review (`@status` = reviewed) and a repeat instance removal: the current edits of the fields it covered
   * when it was made. A field edit not among them arrived concurrently, and is shown for review again.
   */
  readonly seen?: readonly string[];
  /** The author, when it is not the one registered for the writing client. */
  readonly by?: Author;
}

/** The Yjs map of authors, by Yjs client id (base 36), in each submissions document. */
export const AUTHORS = 'authors';

export const META = 'meta';
export const STATUS = '@status';

/**
 * Field keys: `name` at the top; inside repeats, each instance segment is `repeat#instanceKey`, so
 * `members#k1/member_age` is `member_age` of the members instance `k1`, and `members#k1` is that instance itself
 * (its existence). Instance keys are unique (made like edit ids), so concurrent additions never collide.
 */
export type FieldKey = string;

/** A place in a submission: the repeat instances to go through, then a field or repeat name. */
export interface FieldPath {
  readonly instances?: readonly { readonly repeat: string; readonly key: string }[];
  readonly name: string;
}

export function encodeKey(path: FieldPath): FieldKey {
  const prefix = (path.instances ?? []).map((i) => `${i.repeat}#${i.key}/`).join('');
  return prefix + path.name;
}

/** The instance key of `members#k1` (`k1`), if the key denotes a repeat instance. */
export function instanceOf(key: FieldKey): { parent: string; repeat: string; instance: string } | undefined {
  const slash = key.lastIndexOf('/');
  const last = key.slice(slash + 1);
  const hash = last.indexOf('#');
  if (hash < 0) return undefined;
  return { parent: key.slice(0, slash + 1), repeat: last.slice(0, hash), instance: last.slice(hash + 1) };
}

export const STATUS_RANK: Readonly<Record<SubmissionStatus, number>> = { draft: 0, complete: 1, reviewed: 2 };
