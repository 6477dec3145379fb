/**
 * All submissions of one form across its 16 shard documents, behind one API: where a submission lives is decided
 * here, once. The documents come from whoever holds them (the framework's workspace on a device, the server's
 * store), through `openDoc`. Portable.
 */
import type * as Y from 'yjs';
import type { FieldValue, SubmissionValues } from '../form/form-model.ts';
import type { FieldKey, FieldPath, SubmissionStatus } from './edit-record.ts';
import { submissionDocName, submissionDocNames } from './submission-docs.ts';
import { type ReviewItem, SubmissionStore, type SubmissionStoreOptions } from './submission-store.ts';
import type { SubmissionView } from './submission-view.ts';

/**
 * @example
 * const submissions = new FormSubmissions(form.id, (name) => workspace.doc(name), { author });
 * const id = submissions.create(form.version, { respondent_name: 'Awa' });
 * submissions.store(id).update(id, [['respondent_age', 34], ['consent', 'yes']]);
 */
export class FormSubmissions {
  readonly formId: string;
  private readonly stores = new Map<string, SubmissionStore>();
  private readonly openDoc: (name: string) => Y.Doc;
  private readonly options: SubmissionStoreOptions;

  constructor(formId: string, openDoc: (name: string) => Y.Doc, options: SubmissionStoreOptions) {
    this.formId = formId;
    this.openDoc = openDoc;
    this.options = options;
  }

  /** The store of the shard `id` lives in (every operation on that submission goes through it). */
  store(id: string): SubmissionStore {
    return this.shard(submissionDocName(this.formId, id));
  }

  /** Starts a submission of `formVersion`; returns its id (a random UUID unless given). */
  create(
    formVersion: string,
    values: SubmissionValues = {},
    id: string = globalThis.crypto.randomUUID(),
  ): string {
    return this.store(id).create({ formId: this.formId, formVersion }, values, id);
  }

  view(id: string): SubmissionView {
    return this.store(id).view(id);
  }

  set(id: string, path: FieldPath | string, value: FieldValue): void {
    this.store(id).set(id, path, value);
  }

  resolve(id: string, key: FieldKey, value: FieldValue | boolean): void {
    this.store(id).resolve(id, key, value);
  }

  setStatus(id: string, status: SubmissionStatus): void {
    this.store(id).setStatus(id, status);
  }

  /** Every shard's store (opening the shards not opened yet). */
  all(): SubmissionStore[] {
    return submissionDocNames(this.formId).map((name) => this.shard(name));
  }

  /** Ids of every submission of the form, in all shards. */
  ids(): string[] {
    return this.all().flatMap((store) => store.ids());
  }

  /** The review queue of the whole form. */
  reviewQueue(): ReviewItem[] {
    return this.all().flatMap((store) => store.reviewQueue());
  }

  private shard(name: string): SubmissionStore {
    let store = this.stores.get(name);
    if (!store) {
      store = new SubmissionStore(this.openDoc(name), this.options);
      this.stores.set(name, store);
    }
    return store;
  }
}
