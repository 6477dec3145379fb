/**
 * What the pages share: the workspace, who is using the device, the clock, the team's forms, and each form opened
 * (its document, its 16 submission shards, its photos). Portable: no DOM, so it is tested and reused as is.
 */
import type * as Y from 'yjs';
import type { Form } from '../form/form-model.ts';
import type { Author } from '../submission/edit-record.ts';
import { publishForm, readForm } from '../submission/form-doc.ts';
import { FormSubmissions } from '../submission/form-submissions.ts';
import type { PhotoBlobs } from '../submission/media-blobs.ts';
import { formDocName, submissionDocNames } from '../submission/submission-docs.ts';
import { CATALOGUE_DOC, type CatalogueEntry, listForms, registerForm } from './form-catalogue.ts';
import { type DocumentSource, type PhotoStore, photoStore } from './photo-store.ts';
import { SubmissionIndex } from './submission-index.ts';

/** The parts of `@offgrid/framework`'s `Workspace` the pages use. */
export interface SurveyWorkspace extends DocumentSource {
  status(): import('@offgrid/framework').WorkspaceStatus;
  addEventListener(type: 'status', listener: () => void): void;
  removeEventListener(type: 'status', listener: () => void): void;
}

export interface SurveyOptions {
  /** Who edits on this device: recorded on every edit. */
  readonly author: Author;
  /** Epoch ms; a test moves it to record submissions over several days. Default `Date.now`. */
  readonly now?: () => number;
  /** Where photos are kept: the page's blobs (`appBlobs(workspace)`), a `BlobStore` in tests. */
  readonly blobs: PhotoBlobs;
}

/** A form opened on this device: its documents loaded, its submissions behind the model's API. */
export class OpenForm extends EventTarget {
  readonly id: string;
  readonly formDoc: Y.Doc;
  readonly shards: readonly Y.Doc[];
  readonly submissions: FormSubmissions;
  readonly photos: PhotoStore;
  readonly index: SubmissionIndex;
  #queued = false;

  constructor(id: string, workspace: DocumentSource, options: SurveyOptions) {
    super();
    this.id = id;
    this.formDoc = workspace.doc(formDocName(id));
    this.shards = submissionDocNames(id).map((name) => workspace.doc(name));
    this.submissions = new FormSubmissions(id, (name) => workspace.doc(name), options);
    this.photos = photoStore(workspace, id, options.blobs);
    this.index = new SubmissionIndex(this.shards);
    const changed = () => this.#changed();
    this.formDoc.on('update', changed);
    for (const shard of this.shards) shard.on('update', changed);
  }

  /** The form at `version`, or its current version. */
  form(version?: string): Form | undefined {
    return readForm(this.formDoc, version);
  }

  /** One `change` event per task, however many updates arrived (a sync brings thousands at once). */
  #changed(): void {
    if (this.#queued) return;
    this.#queued = true;
    setTimeout(() => {
      this.#queued = false;
      this.dispatchEvent(new Event('change'));
    }, 0);
  }
}

export class SurveySession extends EventTarget {
  readonly workspace: SurveyWorkspace;
  readonly catalogue: Y.Doc;
  readonly options: SurveyOptions;
  readonly #open = new Map<string, Promise<OpenForm>>();

  constructor(workspace: SurveyWorkspace, options: SurveyOptions) {
    super();
    this.workspace = workspace;
    this.options = options;
    this.catalogue = workspace.doc(CATALOGUE_DOC);
    this.catalogue.on('update', () => this.dispatchEvent(new Event('forms')));
  }

  get author(): Author {
    return this.options.author;
  }

  now(): number {
    return (this.options.now ?? Date.now)();
  }

  ready(): Promise<void> {
    return this.workspace.whenLoaded(CATALOGUE_DOC);
  }

  forms(): CatalogueEntry[] {
    return listForms(this.catalogue);
  }

  /**
   * Publishes a form (from an XLSForm read on this device) in its document and the team's catalogue; both sync.
   * Throws `FormVersionError` when that version exists with other content.
   */
  async importForm(form: Form): Promise<{ published: boolean }> {
    const name = formDocName(form.id);
    await this.workspace.whenLoaded(name);
    const published = publishForm(this.workspace.doc(name), form);
    registerForm(this.catalogue, form, this.now());
    return { published };
  }

  /** Opens a form's documents (once) and waits until what is stored is loaded. */
  openForm(id: string): Promise<OpenForm> {
    let open = this.#open.get(id);
    if (!open) {
      const form = new OpenForm(id, this.workspace, this.options);
      const names = [formDocName(id), ...submissionDocNames(id)];
      open = Promise.all(names.map((name) => this.workspace.whenLoaded(name))).then(() => form);
      this.#open.set(id, open);
    }
    return open;
  }
}
