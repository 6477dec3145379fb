/**
 * The field survey's HTTP endpoints on `offgrid serve` (docs/field-survey.md), as a Hocuspocus extension:
 *
 * - `POST /api/forms` with an XLSForm (`.xlsx`) body → 201 `{"id", "version"}` (200 when that exact version was
 *   there already), 400 `{"error", "problems": [{sheet, row, column, reason}]}`, 409 when the version exists with
 *   other content, 413 over the size limit;
 * - `GET /api/forms/ID` → the current form (JSON);
 * - `GET /api/forms/ID/export.csv` (`?repeat=NAME` for a repeat group's file), `/export.geojson`, `/export.zip`.
 *
 * Forms and submissions are Hocuspocus documents (`survey/<formId>/form`, `survey/<formId>/submissions/<0-f>`,
 * older photos `survey/<formId>/media/<name>`; photos are blobs now, `blob-routes.ts`), so the token that may open them over WebSocket is the token these
 * routes accept. A new form is written through a direct connection, so connected devices get it at once, and
 * is stored before the answer. Exports read the stored documents.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Extension, Hocuspocus, onConfigurePayload, onRequestPayload } from '@hocuspocus/server';
import {
  exportDocuments,
  FORM_ID_PATTERN,
  FormError,
  FormVersionError,
  formDocName,
  mediaDocName,
  photoSource,
  publishForm,
  readForm,
  readPhoto,
  readXlsForm,
  submissionDocNames,
  XLSX_LIMITS,
} from '@offgrid/field-survey/node';
import * as Y from 'yjs';
import { authorize } from './bearer-auth.ts';
import type { SqliteBlobs } from './blob-store.ts';
import { refuse, send, sendBytes } from './http-responses.ts';
import { BodyTooLargeError, readBody } from './request-body.ts';
import type { SqliteStore } from './sqlite-store.ts';
import type { TokenStore } from './token-store.ts';

const EXPORT = /^\/api\/forms\/([^/]+)\/export\.(csv|geojson|zip)$/;
const FORM = /^\/api\/forms\/([^/]+)$/;

export class SurveyRoutes implements Extension {
  readonly extensionName = 'offgrid-survey';
  private instance?: Hocuspocus;
  private readonly tokens: TokenStore;
  private readonly store: SqliteStore;
  private readonly log: (message: string) => void;
  private readonly maxFormBytes: number;
  private readonly blobs: SqliteBlobs | undefined;

  constructor(
    tokens: TokenStore,
    store: SqliteStore,
    log: (message: string) => void,
    maxFormBytes = XLSX_LIMITS.maxFileBytes,
    blobs?: SqliteBlobs,
  ) {
    this.blobs = blobs;
    this.tokens = tokens;
    this.store = store;
    this.log = log;
    this.maxFormBytes = maxFormBytes;
  }

  async onConfigure({ instance }: onConfigurePayload): Promise<void> {
    this.instance = instance;
  }

  async onRequest({ request, response }: onRequestPayload): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/api/forms' && !url.pathname.startsWith('/api/forms/')) return;
    try {
      await this.route(request, response, url);
    } catch (error) {
      this.log(`offgrid serve: ${request.method} ${url.pathname}: ${(error as Error).stack ?? error}`);
      if (!response.headersSent) send(response, 500, { error: 'internal', message: 'internal error' });
      else response.destroy();
    }
    // Hocuspocus stops the hook chain, and writes no default answer, when a hook rejects with nothing.
    return Promise.reject();
  }

  private async route(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    if (url.pathname === '/api/forms') {
      if (request.method !== 'POST')
        return send(response, 405, { error: 'method-not-allowed' }, { Allow: 'POST' });
      return this.postForm(request, response);
    }
    const match = EXPORT.exec(url.pathname) ?? FORM.exec(url.pathname);
    const id = decodeURIComponent(match?.[1] ?? '');
    if (!match || !FORM_ID_PATTERN.test(id)) return send(response, 404, { error: 'not-found' });
    if (request.method !== 'GET')
      return send(response, 405, { error: 'method-not-allowed' }, { Allow: 'GET' });
    const auth = authorize(request, this.tokens, [formDocName(id), ...submissionDocNames(id)], false);
    if ('status' in auth) return refuse(response, auth);
    const formDoc = this.load(formDocName(id));
    if (!readForm(formDoc)) return send(response, 404, { error: 'form-unknown', message: `no form ${id}` });
    const format = match[2] as 'csv' | 'geojson' | 'zip' | undefined;
    if (!format) return send(response, 200, readForm(formDoc));
    const shards = submissionDocNames(id).map((name) => this.load(name));
    // Photos are blobs (`<sha256>.<ext>`); older names are media documents.
    const blobs = { get: async (hash: string) => this.blobs?.get(hash) };
    const photos = photoSource(blobs, (name) => readPhoto(this.load(mediaDocName(id, name))));
    const result = await exportDocuments(format, id, formDoc, shards, photos);
    if (result.format === 'geojson')
      return send(response, 200, result.geojson, { 'Content-Type': 'application/geo+json' }, `${id}.geojson`);
    if (result.format === 'zip') return sendBytes(response, result.zip.bytes, 'application/zip', `${id}.zip`);
    const repeat = url.searchParams.get('repeat');
    const file = result.files.find((f) => f.name === (repeat ? `${id}-${repeat}.csv` : `${id}.csv`));
    if (!file) return send(response, 404, { error: 'repeat-unknown', message: `no repeat group ${repeat}` });
    return sendBytes(response, new TextEncoder().encode(file.text), 'text/csv; charset=utf-8', file.name);
  }

  private async postForm(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // The token is checked before the body is read; which form it may write is known once the form is read.
    const known = authorize(request, this.tokens, [], true);
    if ('status' in known) return refuse(response, known);
    let bytes: Uint8Array;
    try {
      bytes = await readBody(request, this.maxFormBytes);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      request.resume();
      return send(
        response,
        413,
        { error: 'form-too-large', message: error.message },
        { Connection: 'close' },
      );
    }
    let form: Awaited<ReturnType<typeof readXlsForm>>;
    try {
      form = await readXlsForm(bytes);
    } catch (error) {
      if (!(error instanceof FormError)) throw error;
      const status = error.code === 'form-too-large' ? 413 : 400;
      return send(response, status, { error: error.code, message: error.message, problems: error.problems });
    }
    const auth = authorize(
      request,
      this.tokens,
      [formDocName(form.id), ...submissionDocNames(form.id)],
      true,
    );
    if ('status' in auth) return refuse(response, auth);
    const connection = await (this.instance as Hocuspocus).openDirectConnection(formDocName(form.id), {});
    let created = false;
    let refused: FormVersionError | undefined;
    try {
      await connection.transact((doc) => {
        try {
          created = publishForm(doc, form);
        } catch (error) {
          if (!(error instanceof FormVersionError)) throw error;
          refused = error;
        }
      });
    } finally {
      await connection.disconnect(); // runs the store hooks: the form is in SQLite before we answer
    }
    if (refused) return send(response, 409, { error: refused.code, message: refused.message });
    this.log(`offgrid serve: form ${form.id} version ${form.version} ${created ? 'published' : 'unchanged'}`);
    send(response, created ? 201 : 200, { id: form.id, version: form.version });
  }

  /** A stored document (everything acknowledged is in the store: the server appends before it acknowledges). */
  private load(name: string): Y.Doc {
    const doc = new Y.Doc();
    const state = this.store.load(name, this.log);
    if (state) Y.applyUpdate(doc, state);
    return doc;
  }
}
