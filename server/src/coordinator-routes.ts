/**
 * The coordinator's page and its JSON endpoints on `offgrid serve` (docs/field-survey.md, "Coordinator page"),
 * as a Hocuspocus extension placed before `SurveyRoutes`, which keeps `POST /api/forms` and the exports:
 *
 * - `GET /coordinator/` (and its script and style sheet): the page, public, under a strict CSP; it asks for a
 *   token and sends it as `Authorization: Bearer` on every call below;
 * - `GET /api/forms` → `{forms: [{id, title, version, versions}]}`, the forms the token may read;
 * - `GET /api/forms/ID/submissions?filters&offset&limit` → a page of the table;
 * - `GET /api/forms/ID/submissions/SID` → one submission's answers and conflicts;
 * - `GET /api/forms/ID/points?filters&limit` → the map's geopoints;
 * - `GET /api/forms/ID/conflicts?offset&limit` → open conflicts with every competing value, who and when;
 * - `GET /api/devices[?form=ID]` → each device's last contact and work.
 *
 * Submissions are read through the field survey's model from the live documents (`LiveForms`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Extension, onConfigurePayload, onRequestPayload } from '@hocuspocus/server';
import {
  coordinatorPageFiles,
  FORM_ID_PATTERN,
  formDocName,
  formVersions,
  mapPoints,
  openConflicts,
  parseSubmissionQuery,
  QUERY_LIMITS,
  QueryError,
  querySubmissions,
  readForm,
  submissionColumns,
  submissionDetail,
  submissionDocNames,
} from '@offgrid/field-survey/node';
import * as Y from 'yjs';
import { authenticate, authorize } from './bearer-auth.ts';
import type { ContactLog } from './contact-log.ts';
import type { CoordinatorDb } from './coordinator-db.ts';
import { devicesOf } from './device-contacts.ts';
import { refuse, send } from './http-responses.ts';
import { LiveForms } from './live-forms.ts';
import type { SqliteStore } from './sqlite-store.ts';
import type { TokenStore } from './token-store.ts';
import { grantCovers, type TokenGrant } from './tokens-file.ts';

const PAGE_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};
const FORM_ROUTE = /^\/api\/forms\/([^/]+)\/(submissions|points|conflicts)(?:\/([^/]+))?$/;
const SUBMISSION_ID = /^[A-Za-z0-9._:-]{1,100}$/;
/** `GET /api/devices` without `form` looks at no more forms than this. */
const MAX_FORMS = 100;

export class CoordinatorRoutes implements Extension {
  readonly extensionName = 'offgrid-coordinator';
  private readonly live = new LiveForms();
  private readonly tokens: TokenStore;
  private readonly store: SqliteStore;
  private readonly db: CoordinatorDb;
  private readonly contacts: ContactLog;
  private readonly log: (message: string) => void;

  constructor(
    tokens: TokenStore,
    store: SqliteStore,
    db: CoordinatorDb,
    contacts: ContactLog,
    log: (message: string) => void,
  ) {
    this.tokens = tokens;
    this.store = store;
    this.db = db;
    this.contacts = contacts;
    this.log = log;
  }

  async onConfigure({ instance }: onConfigurePayload): Promise<void> {
    this.live.attach(instance);
  }

  /** Lets go of the live documents; before Hocuspocus' destroy, which waits until every document unloads. */
  async close(): Promise<void> {
    await this.live.closeAll();
  }

  async onRequest({ request, response }: onRequestPayload): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const ours =
      path === '/coordinator' ||
      path.startsWith('/coordinator/') ||
      path === '/api/devices' ||
      (path === '/api/forms' && request.method !== 'POST') ||
      FORM_ROUTE.test(path);
    if (!ours) return; // the next extension's (SurveyRoutes: POST /api/forms, the form and its exports)
    try {
      await this.route(request, response, url);
    } catch (error) {
      this.log(`offgrid serve: ${request.method} ${path}: ${(error as Error).stack ?? error}`);
      if (!response.headersSent) send(response, 500, { error: 'internal', message: 'internal error' });
      else response.destroy();
    }
    // Hocuspocus stops the hook chain, and writes no default answer, when a hook rejects with nothing.
    return Promise.reject();
  }

  private async route(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const allow = path === '/api/forms' ? 'GET, POST' : 'GET';
      return send(response, 405, { error: 'method-not-allowed' }, { Allow: allow });
    }
    if (path === '/coordinator') {
      response.writeHead(301, { Location: '/coordinator/', ...PAGE_HEADERS });
      return void response.end();
    }
    if (path.startsWith('/coordinator/')) return this.page(response, path.slice('/coordinator/'.length));
    if (path === '/api/forms') return this.forms(request, response);
    if (path === '/api/devices') return this.devices(request, response, url);
    const match = FORM_ROUTE.exec(path) as RegExpExecArray;
    const id = safeDecode(match[1] as string);
    const what = match[2] as 'submissions' | 'points' | 'conflicts';
    const sub = match[3] === undefined ? undefined : (safeDecode(match[3]) ?? '');
    if (
      !id ||
      !FORM_ID_PATTERN.test(id) ||
      (sub !== undefined && (what !== 'submissions' || !SUBMISSION_ID.test(sub)))
    )
      return send(response, 404, { error: 'not-found' });
    const auth = authorize(request, this.tokens, [formDocName(id), ...submissionDocNames(id)], false);
    if ('status' in auth) return refuse(response, auth);
    try {
      if (!this.stored(id)) return send(response, 404, { error: 'form-unknown', message: `no form ${id}` });
      const live = await this.live.get(id);
      const form = live.form();
      if (!form) return send(response, 404, { error: 'form-unknown', message: `no form ${id}` });
      const columns = submissionColumns(form);
      if (sub !== undefined) {
        if (url.search !== '') throw new QueryError('query-invalid', 'a submission takes no parameters');
        const view = live.views().find((v) => v.id === sub);
        if (!view)
          return send(response, 404, { error: 'submission-unknown', message: `no submission ${sub}` });
        return send(response, 200, submissionDetail(view, form));
      }
      if (what === 'submissions')
        return send(
          response,
          200,
          querySubmissions(live.views(), columns, parseSubmissionQuery(url.search.slice(1))),
        );
      if (what === 'points') {
        const query = parseSubmissionQuery(url.search.slice(1), QUERY_LIMITS.maxPoints);
        const limit = new URLSearchParams(url.search).has('limit') ? query.limit : QUERY_LIMITS.maxPoints;
        return send(response, 200, mapPoints(live.views(), columns, { ...query, limit }));
      }
      const query = parseSubmissionQuery(url.search.slice(1));
      for (const name of new URLSearchParams(url.search).keys())
        if (name !== 'offset' && name !== 'limit')
          throw new QueryError('query-invalid', `conflicts take offset and limit only, not ${name}`, name);
      return send(response, 200, openConflicts(live.views(), query.offset, query.limit));
    } catch (error) {
      if (error instanceof QueryError)
        return send(response, 400, {
          error: error.code,
          message: error.message,
          ...(error.param && { param: error.param }),
        });
      throw error;
    }
  }

  private async page(response: ServerResponse, file: string): Promise<void> {
    const files = await coordinatorPageFiles();
    const found = files.get(file === '' ? 'index.html' : file);
    if (!found) return send(response, 404, { error: 'not-found' });
    response.writeHead(200, {
      ...PAGE_HEADERS,
      'Content-Type': found.contentType,
      'Content-Length': found.body.byteLength,
    });
    response.end(found.body);
  }

  /** Forms the token may read: every document of the form under its prefixes. */
  private readable(grant: TokenGrant): string[] {
    return this.db
      .formDocumentNames()
      .map((name) => name.slice('survey/'.length, -'/form'.length))
      .filter((id) => FORM_ID_PATTERN.test(id))
      .filter((id) => [formDocName(id), ...submissionDocNames(id)].every((n) => grantCovers(grant, n)))
      .sort();
  }

  private async forms(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const grant = authenticate(request, this.tokens);
    if ('status' in grant) return refuse(response, grant);
    const forms = [];
    for (const id of this.readable(grant)) {
      const doc = this.load(formDocName(id));
      const form = readForm(doc);
      if (form)
        forms.push({
          id,
          title: form.title,
          version: form.version,
          versions: formVersions(doc).map((f) => f.version),
        });
      doc.destroy();
    }
    send(response, 200, { forms });
  }

  private async devices(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const params = new URLSearchParams(url.search);
    for (const name of params.keys())
      if (name !== 'form')
        return send(response, 400, {
          error: 'query-invalid',
          message: `unknown parameter ${name}`,
          param: name,
        });
    const formId = params.get('form');
    if (formId !== null) {
      if (!FORM_ID_PATTERN.test(formId))
        return send(response, 400, {
          error: 'query-invalid',
          message: 'form is not a form id',
          param: 'form',
        });
      const auth = authorize(
        request,
        this.tokens,
        [formDocName(formId), ...submissionDocNames(formId)],
        false,
      );
      if ('status' in auth) return refuse(response, auth);
      if (!this.stored(formId))
        return send(response, 404, { error: 'form-unknown', message: `no form ${formId}` });
    }
    const grant = authenticate(request, this.tokens);
    if ('status' in grant) return refuse(response, grant);
    const ids = formId !== null ? [formId] : this.readable(grant).slice(0, MAX_FORMS);
    const forms = await Promise.all(ids.map((id) => this.live.get(id)));
    const contactsOf = (document: string) => {
      const merged = this.db.contacts(document);
      for (const [client, at] of this.contacts.unwritten(document))
        merged.set(client, Math.max(at, merged.get(client) ?? 0));
      return merged;
    };
    send(response, 200, { devices: devicesOf(forms, contactsOf) });
  }

  private stored(id: string): boolean {
    return this.db.formDocumentNames().includes(formDocName(id));
  }

  /** A stored document, read once (the form list needs no live copy). */
  private load(name: string): Y.Doc {
    const doc = new Y.Doc();
    const state = this.store.load(name, this.log);
    if (state) Y.applyUpdate(doc, state);
    return doc;
  }
}

function safeDecode(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}
