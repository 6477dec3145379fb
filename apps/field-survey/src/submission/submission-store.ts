/**
 * Submissions in a Yjs document, with per-field merge and no silent loss (see `edit-record.ts`). Portable.
 *
 * Layout: `doc.getMap('submissions')` maps a submission id to a `Y.Map` of its `meta` and its edits. A team's
 * submissions of one form are spread over `SUBMISSION_SHARDS` documents (`submission-docs.ts`), so a device that
 * has never synced gets 10 000 submissions in 16 sync exchanges, not 10 000, and no document grows without bound.
 */
import * as Y from 'yjs';
import { SubmissionError } from '../errors.ts';
import type { FieldValue, SubmissionValues } from '../form/form-model.ts';
import {
  AUTHORS,
  type Author,
  type EditRecord,
  encodeKey,
  type FieldKey,
  type FieldPath,
  META,
  STATUS,
  type SubmissionMeta,
  type SubmissionStatus,
} from './edit-record.ts';
import { fieldEdits, fieldStates } from './field-state.ts';
import { flattenValues, instanceKey, records, sameAuthor, UNKNOWN_AUTHOR } from './submission-records.ts';
import { buildView, type SubmissionView } from './submission-view.ts';

export interface SubmissionStoreOptions {
  /** Who edits through this store: recorded on every edit. */
  readonly author: Author;
  /** Milliseconds since the epoch; injected for tests. */
  readonly now?: () => number;
}

/** A submission that needs a person: conflicting values, or edits made after its review. */
export interface ReviewItem {
  readonly id: string;
  readonly conflicts: SubmissionView['conflicts'];
  readonly reviewStale: boolean;
}

/**
 * @example
 * const store = new SubmissionStore(doc, { author: { device: 'tablet-3', person: 'Awa' } });
 * const id = store.create({ formId: form.id, formVersion: form.version });
 * store.set(id, 'respondent_name', 'Moussa');
 * for (const item of store.reviewQueue()) console.log(item.id, item.conflicts);
 */
export class SubmissionStore {
  readonly doc: Y.Doc;
  private readonly map: Y.Map<Y.Map<unknown>>;
  private readonly authors: Y.Map<Author>;
  private readonly author: Author;
  private readonly now: () => number;
  private readonly views = new Map<string, SubmissionView>();

  constructor(doc: Y.Doc, options: SubmissionStoreOptions) {
    this.doc = doc;
    this.map = doc.getMap('submissions');
    this.authors = doc.getMap(AUTHORS);
    this.author = options.author;
    this.now = options.now ?? Date.now;
    this.map.observeDeep((events) => {
      for (const event of events) {
        const id = event.path[0];
        if (typeof id === 'string') this.views.delete(id);
        else for (const key of event.changes.keys.keys()) this.views.delete(key);
      }
    });
    this.authors.observe(() => this.views.clear());
  }

  /** Starts a submission (status draft) of a form version, with optional first values (one edit); returns its id. */
  create(form: { formId: string; formVersion: string }, values: SubmissionValues = {}, id = newId()): string {
    if (this.map.has(id)) throw new SubmissionError('submission-exists', `submission ${id} exists`);
    this.doc.transact(() => {
      const entry = new Y.Map<unknown>();
      this.map.set(id, entry);
      const meta: SubmissionMeta = { ...form, createdAt: this.now(), createdBy: this.author };
      entry.set(META, meta);
      const fields: Record<string, FieldValue | boolean> = { [STATUS]: 'draft' };
      flattenValues(values, [], fields);
      this.write(entry, fields, []);
    });
    return id;
  }

  has(id: string): boolean {
    return this.map.has(id);
  }

  ids(): string[] {
    return [...this.map.keys()];
  }

  get size(): number {
    return this.map.size;
  }

  /** The submission as it stands, with its conflicts. Cached until the submission changes. */
  view(id: string): SubmissionView {
    let view = this.views.get(id);
    if (view) return view;
    const entry = this.entry(id);
    const meta = entry.get(META) as SubmissionMeta | undefined;
    if (!meta)
      throw new SubmissionError('submission-incomplete', `submission ${id} has no form identity yet`);
    view = buildView(id, meta, fieldStates(fieldEdits(records(entry), (edit) => this.authorOf(edit))));
    this.views.set(id, view);
    return view;
  }

  /**
   * Sets a field, replacing the value(s) this device has. Throws `SubmissionError` `field-in-conflict` when the
   * field is in conflict: only `resolve` (a person choosing) may replace conflicting values.
   */
  set(id: string, path: FieldPath | string, value: FieldValue): void {
    this.update(id, [[path, value]]);
  }

  /**
   * Saves several fields as one edit (a page of the form, say): one record on the wire and in storage. Fields
   * whose value is unchanged are left out; throws like `set` before writing anything.
   */
  update(id: string, changes: Iterable<readonly [FieldPath | string, FieldValue]>): void {
    const entry = this.entry(id);
    const view = this.view(id);
    const fields: Record<string, FieldValue> = {};
    const sup = new Set<string>();
    for (const [path, value] of changes) {
      const key = encodeKey(typeof path === 'string' ? { name: path } : path);
      this.checkInstances(view, key);
      const state = view.fields.get(key);
      if (state?.conflict)
        throw new SubmissionError('field-in-conflict', `${key} has conflicting values: resolve it first`);
      if (state && JSON.stringify(state.value) === JSON.stringify(value ?? null)) continue;
      fields[key] = value ?? null;
      for (const edit of state?.current ?? []) sup.add(edit.id);
    }
    if (Object.keys(fields).length === 0) return;
    this.doc.transact(() => this.write(entry, fields, [...sup]));
  }

  /** A person's decision on a conflict: `value` (one of the values, or typed anew) replaces every current one. */
  resolve(id: string, key: FieldKey, value: FieldValue | boolean): void {
    const entry = this.entry(id);
    const state = this.view(id).fields.get(key);
    if (!state) throw new SubmissionError('field-unknown', `${key} has never been set`);
    const extra: Partial<EditRecord> =
      value === null && key.includes('#') ? { r: true, seen: this.currentInside(id, key) } : { r: true };
    const sup = state.current.map((e) => e.id);
    this.doc.transact(() => this.write(entry, { [key]: value }, sup, extra));
  }

  /** Adds an instance of a repeat (inside the given enclosing instances); returns its key. */
  addInstance(id: string, repeat: string, within: FieldPath['instances'] = []): string {
    const entry = this.entry(id);
    const instance = this.editId();
    const key = instanceKey([...within, { repeat, key: instance }]);
    this.checkInstances(this.view(id), key);
    this.doc.transact(() => this.write(entry, { [key]: true }, []));
    return instance;
  }

  /**
   * Removes a repeat instance. The removal records the fields' current edits it covers: an edit in the instance
   * made concurrently elsewhere puts the instance in conflict instead of vanishing with it.
   */
  removeInstance(id: string, instances: NonNullable<FieldPath['instances']>): void {
    const key = instanceKey(instances);
    const entry = this.entry(id);
    const view = this.view(id);
    const state = view.fields.get(key);
    if (!state || state.value === null) throw new SubmissionError('instance-unknown', `no instance ${key}`);
    if (view.conflicts.some((c) => c.key === key || c.key.startsWith(`${key}/`)))
      throw new SubmissionError('field-in-conflict', `${key} holds conflicting values: resolve them first`);
    const seen = this.currentInside(id, key);
    const sup = state.current.map((e) => e.id);
    this.doc.transact(() => this.write(entry, { [key]: null }, sup, { seen }));
  }

  /** Sets the status. A review records the field edits it covers (see `SubmissionView.reviewStale`). */
  setStatus(id: string, status: SubmissionStatus): void {
    const entry = this.entry(id);
    const view = this.view(id);
    if (status === 'reviewed' && view.conflicts.length > 0)
      throw new SubmissionError(
        'field-in-conflict',
        `submission ${id} has conflicts: resolve them before review`,
      );
    const previous = view.fields.get(STATUS)?.current.map((e) => e.id) ?? [];
    const seen =
      status === 'reviewed'
        ? [
            ...new Set(
              [...view.fields].flatMap(([key, s]) => (key === STATUS ? [] : s.current.map((e) => e.id))),
            ),
          ]
        : undefined;
    this.doc.transact(() => this.write(entry, { [STATUS]: status }, previous, seen ? { seen } : {}));
  }

  /** Submissions that need a person: with conflicts, or edited after review. */
  reviewQueue(): ReviewItem[] {
    const queue: ReviewItem[] = [];
    for (const id of this.map.keys()) {
      if (!this.map.get(id)?.has(META)) continue;
      const view = this.view(id);
      if (view.conflicts.length > 0 || view.reviewStale)
        queue.push({ id, conflicts: view.conflicts, reviewStale: view.reviewStale });
    }
    return queue;
  }

  private entry(id: string): Y.Map<unknown> {
    const entry = this.map.get(id);
    if (!entry) throw new SubmissionError('submission-unknown', `no submission ${id}`);
    return entry;
  }

  /** Writes one record; registers this client's author once (records then need not repeat it). */
  private write(
    entry: Y.Map<unknown>,
    fields: Readonly<Record<string, FieldValue | boolean>>,
    sup: readonly string[],
    extra: Partial<EditRecord> = {},
  ): void {
    const client = this.doc.clientID.toString(36);
    const registered = this.authors.get(client);
    if (!registered) this.authors.set(client, this.author);
    const by = registered && !sameAuthor(registered, this.author) ? { by: this.author } : {};
    const record: EditRecord = { s: fields, at: this.now(), sup, ...extra, ...by };
    entry.set(this.editId(), record);
  }

  private authorOf(editId: string): Author {
    return this.authors.get(editId.slice(0, editId.indexOf('.'))) ?? UNKNOWN_AUTHOR;
  }

  /** `<clientID>.<clock>`: this device's next Yjs clock, unique across devices and never reused. */
  private editId(): string {
    return `${this.doc.clientID.toString(36)}.${Y.getState(this.doc.store, this.doc.clientID).toString(36)}`;
  }

  private checkInstances(view: SubmissionView, key: FieldKey): void {
    let at = key.indexOf('/');
    while (at >= 0) {
      const instance = view.fields.get(key.slice(0, at));
      if (!instance || (instance.value === null && !instance.conflict))
        throw new SubmissionError('instance-unknown', `${key.slice(0, at)} does not exist or was removed`);
      at = key.indexOf('/', at + 1);
    }
  }

  private currentInside(id: string, key: FieldKey): string[] {
    const prefix = `${key}/`;
    const ids = [...this.view(id).fields]
      .filter(([k]) => k.startsWith(prefix))
      .flatMap(([, s]) => s.current.map((e) => e.id));
    return [...new Set(ids)];
  }
}

function newId(): string {
  return globalThis.crypto.randomUUID();
}
