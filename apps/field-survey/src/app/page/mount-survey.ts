/**
 * The field survey's page over a workspace: the forms, a form's submissions, the form being filled, the review
 * queue, and the sync badge. Routes live in the URL hash (`#/f/<form>/s/<submission>`), so a reload comes back to
 * the same place. Renders with lit-html into `root`; every change of the documents re-renders (coalesced).
 */
import '@offgrid/components';
import { fromWorkspaceStatus } from '@offgrid/components';
import { html, render, type TemplateResult } from 'lit';
import { type OpenForm, type SurveyOptions, SurveySession, type SurveyWorkspace } from '../survey-session.ts';
import { fillView } from './fill-view.ts';
import { formsView } from './forms-view.ts';
import { reviewView } from './review-view.ts';
import { submissionsView } from './submissions-view.ts';

/** How long a photo the page could not get (from its store or its agent) waits before it is asked for again. */
const PHOTO_RETRY_MS = 2000;

export type Route =
  | { readonly page: 'forms' }
  | { readonly page: 'list' | 'review'; readonly form: string }
  | { readonly page: 'fill'; readonly form: string; readonly submission: string };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'f' && parts[1]) {
    if (parts[2] === 's' && parts[3]) return { page: 'fill', form: parts[1], submission: parts[3] };
    return { page: parts[2] === 'review' ? 'review' : 'list', form: parts[1] };
  }
  return { page: 'forms' };
}

export interface SurveyHandle {
  readonly session: SurveySession;
  /** Resolves after the next render (tests wait on it). */
  rendered(): Promise<void>;
  close(): void;
}

class SurveyPage {
  readonly session: SurveySession;
  readonly root: HTMLElement;
  readonly fieldErrors = new Map<string, string>();
  readonly showRequired = new Set<string>();
  readonly list: { scrollTop: number; filter: 'mine' | 'all' } = { scrollTop: 0, filter: 'mine' };
  importProblems: readonly string[] = [];
  #message = '';
  #queued: Promise<void> | undefined;
  readonly #forms = new Map<string, OpenForm>();
  readonly #photoUrls = new Map<string, string | null>();
  readonly #cleanup: (() => void)[] = [];
  #closed = false;

  constructor(root: HTMLElement, workspace: SurveyWorkspace, options: SurveyOptions) {
    this.root = root;
    this.session = new SurveySession(workspace, options);
    const update = () => this.update();
    const onHash = () => {
      this.list.scrollTop = 0;
      this.update();
    };
    window.addEventListener('hashchange', onHash);
    workspace.addEventListener('status', update);
    this.session.addEventListener('forms', update);
    this.#cleanup.push(
      () => window.removeEventListener('hashchange', onHash),
      () => workspace.removeEventListener('status', update),
    );
    void this.session.ready().then(update);
    this.update();
  }

  update(): Promise<void> {
    this.#queued ??= Promise.resolve().then(() => {
      this.#queued = undefined;
      render(this.template(), this.root);
    });
    return this.#queued;
  }

  announce(text: string): void {
    this.#message = text;
    this.update();
  }

  navigate(hash: string): void {
    location.hash = hash;
  }

  photoUrl(open: OpenForm, name: string): string | undefined {
    const key = `${open.id}/${name}`;
    const known = this.#photoUrls.get(key);
    if (known !== undefined) return known ?? undefined;
    this.#photoUrls.set(key, null);
    void open.photos.loadPhoto(name).then((bytes) => {
      if (bytes) {
        this.#photoUrls.set(key, URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>])));
        return this.update();
      }
      // Still on its way from a teammate: asked again while it is on screen (a render that no longer shows it
      // does not ask), since nothing tells the page when its agent receives it.
      setTimeout(() => {
        this.#photoUrls.delete(key);
        if (!this.#closed) this.update();
      }, PHOTO_RETRY_MS);
    });
    return undefined;
  }

  close(): void {
    this.#closed = true;
    for (const stop of this.#cleanup) stop();
    for (const url of this.#photoUrls.values()) if (url) URL.revokeObjectURL(url);
    render(html``, this.root);
  }

  private template(): TemplateResult {
    const { author } = this.session;
    const status = fromWorkspaceStatus(this.session.workspace.status(), this.session.now());
    return html`<header class="top">
        <h1><a href="#/">Field survey</a></h1>
        <span class="who">${author.person} · ${author.device}</span>
        <offgrid-sync-status .status=${status} .now=${this.session.now()}></offgrid-sync-status>
      </header>
      <main class="page">${this.body()}</main>
      <p class="announce" role="status" aria-live="polite">${this.#message}</p>`;
  }

  private body(): TemplateResult {
    const route = parseRoute(location.hash);
    if (route.page === 'forms') return formsView(this);
    const open = this.form(route.form);
    if (!open) return html`<p role="status">Opening the form…</p>`;
    if (route.page === 'fill') return fillView(this, open, route.submission);
    if (route.page === 'review') return reviewView(this, open);
    return submissionsView(this, open);
  }

  /** The form once its documents are loaded; starts loading it the first time. */
  private form(id: string): OpenForm | undefined {
    const open = this.#forms.get(id);
    if (open) return open;
    void this.session.openForm(id).then((form) => {
      if (this.#forms.has(id)) return;
      this.#forms.set(id, form);
      const update = () => this.update();
      form.addEventListener('change', update);
      this.#cleanup.push(() => form.removeEventListener('change', update));
      this.update();
    });
    return undefined;
  }
}

/**
 * Mounts the field survey into `root` over `workspace` (the app's workspace: `openAppWorkspace('field-survey')`).
 *
 * @example
 * const survey = mountSurvey(document.querySelector('main'), openAppWorkspace('field-survey'), {
 *   author: { device: 'tablet-3', person: 'Awa' },
 * });
 */
export function mountSurvey(
  root: HTMLElement,
  workspace: SurveyWorkspace,
  options: SurveyOptions,
): SurveyHandle {
  const page = new SurveyPage(root, workspace, options);
  return {
    session: page.session,
    rendered: () => page.update(),
    close: () => page.close(),
  };
}
