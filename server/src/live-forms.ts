import type { Hocuspocus } from '@hocuspocus/server';
import {
  type Form,
  formDocName,
  readForm,
  SubmissionStore,
  type SubmissionView,
  submissionDocNames,
} from '@offgrid/field-survey/node';
import type * as Y from 'yjs';
import { ServerError } from './errors.ts';

/** A form's documents as the server holds them live: the form, and a store over each submissions shard. */
export interface LiveForm {
  readonly id: string;
  readonly formDoc: Y.Doc;
  readonly shards: readonly { readonly name: string; readonly doc: Y.Doc; readonly store: SubmissionStore }[];
  /** The current form version, or undefined when the form was never published. */
  form(): Form | undefined;
  /** Every submission whose identity has arrived (views are cached per submission until it changes). */
  views(): SubmissionView[];
}

interface LiveEntry {
  readonly live: Promise<LiveForm>;
  readonly connections: DirectConnection[];
  timer?: NodeJS.Timeout;
}

/** Who reads: the coordinator's routes never write, but a store needs an author. */
type DirectConnection = Awaited<ReturnType<Hocuspocus['openDirectConnection']>>;

const READER = { device: 'offgrid-serve', person: 'coordinator' };

/**
 * Keeps the documents of the forms the coordinator looks at open in Hocuspocus (direct connections), so a page
 * of the table is a filter over cached views, not a reload of 10 000 submissions from SQLite: the live documents
 * get every update devices (and, with Redis, other instances) send. A form not asked about for `idleMs` is let
 * go, and Hocuspocus unloads its documents when nobody else has them open.
 */
export class LiveForms {
  private readonly open = new Map<string, LiveEntry>();
  private instance?: Hocuspocus;
  private readonly idleMs: number;
  private closed = false;

  constructor(idleMs = 5 * 60_000) {
    this.idleMs = idleMs;
  }

  attach(instance: Hocuspocus): void {
    this.instance = instance;
  }

  /** The live documents of form `id` (opened on first use). */
  get(id: string): Promise<LiveForm> {
    if (this.closed || !this.instance)
      return Promise.reject(new ServerError('server-closing', 'the server is closing'));
    let entry = this.open.get(id);
    if (!entry) {
      const connections: DirectConnection[] = [];
      const live = this.load(this.instance, id, connections);
      const opened = { live, connections };
      entry = opened;
      this.open.set(id, entry);
      live.catch(() => this.release(id, opened));
    }
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => void this.release(id), this.idleMs).unref();
    return entry.live;
  }

  async closeAll(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.open.keys()].map((id) => this.release(id)));
  }

  private async load(instance: Hocuspocus, id: string, connections: DirectConnection[]): Promise<LiveForm> {
    const names = [formDocName(id), ...submissionDocNames(id)];
    for (const name of names) connections.push(await instance.openDirectConnection(name, {}));
    const docs = connections.map((c) => c.document as Y.Doc);
    const formDoc = docs[0] as Y.Doc;
    const shards = docs.slice(1).map((doc, i) => ({
      name: names[i + 1] as string,
      doc,
      store: new SubmissionStore(doc, { author: READER }),
    }));
    return {
      id,
      formDoc,
      shards,
      form: () => readForm(formDoc),
      views: () => {
        const views: SubmissionView[] = [];
        for (const { store } of shards)
          for (const sid of store.ids()) {
            try {
              const view = store.view(sid);
              if (view.meta.formId === id) views.push(view);
            } catch {
              // Its identity has not arrived yet (the first update is still on the way): not listed.
            }
          }
        return views;
      },
    };
  }

  /** Lets go of form `id` (only of `expected`, when given: a failed open must not drop the next one). */
  private async release(id: string, expected?: LiveEntry): Promise<void> {
    const entry = this.open.get(id);
    if (!entry || (expected && entry !== expected)) return;
    this.open.delete(id);
    clearTimeout(entry.timer);
    await entry.live.catch(() => undefined);
    await Promise.all(entry.connections.map((c) => c.disconnect().catch(() => undefined)));
  }
}
