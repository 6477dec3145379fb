/**
 * The agent's blob endpoint for an app's pages (docs/framework.md §Blobs in `offgrid up`), on the app's own port,
 * the same API as the server's `/api/blobs/`:
 *
 * - `PUT /<appId>/api/blobs/<sha256>`, body the bytes → `201` stored (durable, offered to nearby agents, uploaded
 *   to the server), `200` already here, `400` `invalid-hash` or `hash-mismatch`, `413` over the limit;
 * - `HEAD /<appId>/api/blobs/<sha256>` → `200` with `Content-Length`, or `404`;
 * - `GET /<appId>/api/blobs/<sha256>` → the bytes, or `404`.
 *
 * The app server has checked `Host`, `Origin` and the origin's token before any of this runs (and before the body
 * is read). Node only.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BlobError, isBlobHash, MAX_BLOB_BYTES } from '../../blobs/blob-store.ts';
import type { WorkspaceBlobs } from '../../blobs/workspace-blobs.ts';

const PREFIX = 'blobs/';

/**
 * Answers one page request for `path` (what follows `/<appId>/api/`) from the replica's blobs. Never throws: a
 * store failure is a `500`.
 */
export async function servePageBlob(
  blobs: WorkspaceBlobs,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  maxBytes = MAX_BLOB_BYTES,
): Promise<void> {
  try {
    await route(blobs, request, response, path, maxBytes);
  } catch (error) {
    if (response.headersSent) response.destroy();
    else send(response, 500, { error: 'internal', message: (error as Error).message });
  }
}

async function route(
  blobs: WorkspaceBlobs,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  maxBytes: number,
): Promise<void> {
  if (!path.startsWith(PREFIX)) return send(response, 404, { error: 'not-found' });
  const method = request.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD' && method !== 'PUT')
    return send(response, 405, { error: 'method-not-allowed' }, { Allow: 'GET, HEAD, PUT' });
  const hash = path.slice(PREFIX.length);
  if (!isBlobHash(hash))
    return send(response, 400, { error: 'invalid-hash', message: 'a blob name is 64 lowercase hex digits' });
  if (method === 'PUT') return put(blobs, request, response, hash, maxBytes);
  const bytes = await blobs.get(hash);
  if (bytes === undefined) return send(response, 404, { error: 'blob-unknown' });
  response.writeHead(200, {
    'Content-Type': 'application/octet-stream',
    'Content-Length': String(bytes.byteLength),
    'Cache-Control': 'private, max-age=31536000, immutable',
  });
  response.end(method === 'HEAD' ? undefined : bytes);
}

async function put(
  blobs: WorkspaceBlobs,
  request: IncomingMessage,
  response: ServerResponse,
  hash: string,
  maxBytes: number,
): Promise<void> {
  const bytes = await readBody(request, maxBytes);
  if (bytes === undefined) {
    request.resume();
    return send(response, 413, { error: 'blob-too-large' }, { Connection: 'close' });
  }
  const held = await blobs.store.has(hash);
  try {
    await blobs.put(bytes, hash);
  } catch (error) {
    if (error instanceof BlobError && error.code === 'hash-mismatch')
      return send(response, 400, { error: 'hash-mismatch', message: 'the body does not hash to its name' });
    if (error instanceof BlobError && error.code === 'too-large')
      return send(response, 413, { error: 'blob-too-large' });
    throw error;
  }
  send(response, held ? 200 : 201, { hash, bytes: bytes.byteLength });
}

/**
 * The body, or `undefined` when it is over `limit`: a declared `Content-Length` over it is refused before anything
 * is read, a body growing past it as soon as it does (the rest is not buffered).
 */
function readBody(request: IncomingMessage, limit: number): Promise<Uint8Array | undefined> {
  if (Number(request.headers['content-length'] ?? 0) > limit) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const data = (chunk: Uint8Array): void => {
      size += chunk.byteLength;
      if (size <= limit) return void chunks.push(chunk);
      request.off('data', data); // the rest drains unread (resume), so the 413 can still be sent
      chunks.length = 0;
      resolve(undefined);
    };
    request.on('data', data);
    request.once('error', reject);
    request.once('end', () => {
      if (size > limit) return;
      const body = new Uint8Array(size);
      let offset = 0;
      for (const chunk of chunks) {
        body.set(chunk, offset);
        offset += chunk.byteLength;
      }
      resolve(body);
    });
  });
}

function send(
  response: ServerResponse,
  status: number,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
  response.end(JSON.stringify(body));
}
