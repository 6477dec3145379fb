/** JSON and byte answers of the HTTP routes, never cached; 401s carry `WWW-Authenticate: Bearer`. */
import type { ServerResponse } from 'node:http';

export function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  download?: string,
): void {
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...(download && { 'Content-Disposition': `attachment; filename="${download}"` }),
    ...headers,
  });
  response.end(JSON.stringify(body));
}

export function sendBytes(response: ServerResponse, bytes: Uint8Array, type: string, name: string): void {
  response.writeHead(200, {
    'Content-Type': type,
    'Content-Length': bytes.byteLength,
    'Content-Disposition': `attachment; filename="${name}"`,
    'Cache-Control': 'no-store',
  });
  response.end(bytes);
}

export function refuse(response: ServerResponse, failure: { status: 401 | 403; error: string }): void {
  const headers: Record<string, string> = failure.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {};
  send(response, failure.status, { error: failure.error }, headers);
}
