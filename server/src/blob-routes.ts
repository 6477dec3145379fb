/**
 * Content-addressed blobs (photos) on `offgrid serve`, as a Hocuspocus extension (docs/field-survey.md):
 *
 * - `PUT /api/blobs/<sha256>`, body the bytes → `201` stored, `200` already there (nothing written), `400`
 *   `hash-mismatch` (the body does not hash to the name) or `invalid-hash`, `413` over the limit;
 * - `HEAD /api/blobs/<sha256>` → `200` with `Content-Length`, or `404`;
 * - `GET /api/blobs/<sha256>` → the bytes, or `404`;
 * - `POST /api/blobs/missing`, body a JSON array of at most 1000 names → `200` `{"missing": [names not held]}`.
 *   A gateway asks this once for all its blobs instead of one `HEAD` each: Node's `fetch` (undici) closes the
 *   connection after every `HEAD`, so a `HEAD` per photo cost a TCP connection per photo.
 *
 * Any valid token of the tokens file may read (a blob's name is its SHA-256: only someone who had the bytes, or
 * a document naming them, knows it); writing needs a `read-write` token. Stored durably before `201`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Extension, onRequestPayload } from '@hocuspocus/server';
import { authenticate } from './bearer-auth.ts';
import { isBlobName, MAX_SERVER_BLOB_BYTES, type SqliteBlobs } from './blob-store.ts';
import { refuse, send } from './http-responses.ts';
import { BodyTooLargeError, readBody } from './request-body.ts';
import type { TokenStore } from './token-store.ts';

const PREFIX = '/api/blobs/';
const MISSING = 'missing';
/** Names one `POST /api/blobs/missing` may ask about, and its body limit (1000 quoted names and commas). */
export const MAX_MISSING_QUERY = 1000;
const MAX_MISSING_BODY = MAX_MISSING_QUERY * 67 + 2;

export class BlobRoutes implements Extension {
  readonly extensionName = 'offgrid-blobs';
  private readonly tokens: TokenStore;
  private readonly blobs: SqliteBlobs;
  private readonly log: (message: string) => void;
  private readonly maxBytes: number;

  constructor(
    tokens: TokenStore,
    blobs: SqliteBlobs,
    log: (message: string) => void,
    maxBytes = MAX_SERVER_BLOB_BYTES,
  ) {
    this.tokens = tokens;
    this.blobs = blobs;
    this.log = log;
    this.maxBytes = maxBytes;
  }

  async onRequest({ request, response }: onRequestPayload): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(PREFIX)) return;
    try {
      await this.route(request, response, url.pathname.slice(PREFIX.length));
    } catch (error) {
      this.log(`offgrid serve: ${request.method} ${url.pathname}: ${(error as Error).stack ?? error}`);
      if (!response.headersSent) send(response, 500, { error: 'internal', message: 'internal error' });
      else response.destroy();
    }
    // Hocuspocus stops the hook chain, and writes no default answer, when a hook rejects with nothing.
    return Promise.reject();
  }

  private async route(request: IncomingMessage, response: ServerResponse, hash: string): Promise<void> {
    const method = request.method ?? 'GET';
    if (hash === MISSING && method === 'POST') {
      const grant = authenticate(request, this.tokens);
      if ('status' in grant) return refuse(response, grant);
      return this.missing(request, response);
    }
    if (method !== 'GET' && method !== 'HEAD' && method !== 'PUT')
      return send(response, 405, { error: 'method-not-allowed' }, { Allow: 'GET, HEAD, PUT' });
    const grant = authenticate(request, this.tokens);
    if ('status' in grant) return refuse(response, grant);
    if (!isBlobName(hash))
      return send(response, 400, {
        error: 'invalid-hash',
        message: 'a blob name is 64 lowercase hex digits',
      });
    if (method === 'PUT') {
      if (grant.access !== 'read-write') return refuse(response, { status: 403, error: 'read-only-token' });
      return this.put(request, response, hash);
    }
    const size = this.blobs.sizeOf(hash);
    if (size === undefined) return send(response, 404, { error: 'blob-unknown' });
    const headers = {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(size),
      'Cache-Control': 'private, max-age=31536000, immutable',
    };
    if (method === 'HEAD') {
      response.writeHead(200, headers);
      return void response.end();
    }
    response.writeHead(200, headers);
    response.end(this.blobs.get(hash));
  }

  private async missing(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let names: unknown;
    try {
      names = JSON.parse(new TextDecoder().decode(await readBody(request, MAX_MISSING_BODY)));
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        request.resume();
        const message = `at most ${MAX_MISSING_QUERY} names`;
        return send(response, 413, { error: 'too-many-names', message }, { Connection: 'close' });
      }
      if (!(error instanceof SyntaxError)) throw error;
    }
    if (
      !Array.isArray(names) ||
      names.length > MAX_MISSING_QUERY ||
      !names.every((name) => typeof name === 'string' && isBlobName(name))
    )
      return send(response, 400, {
        error: 'invalid-names',
        message: `the body is a JSON array of at most ${MAX_MISSING_QUERY} blob names (64 lowercase hex digits)`,
      });
    const missing = (names as string[]).filter((name) => this.blobs.sizeOf(name) === undefined);
    send(response, 200, { missing });
  }

  private async put(request: IncomingMessage, response: ServerResponse, hash: string): Promise<void> {
    let bytes: Uint8Array;
    try {
      bytes = await readBody(request, this.maxBytes);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      request.resume();
      return send(
        response,
        413,
        { error: 'blob-too-large', message: error.message },
        { Connection: 'close' },
      );
    }
    const outcome = this.blobs.put(hash, bytes);
    if (outcome === 'mismatch')
      return send(response, 400, { error: 'hash-mismatch', message: 'the body does not hash to its name' });
    send(response, outcome === 'stored' ? 201 : 200, { hash, bytes: bytes.byteLength });
  }
}
