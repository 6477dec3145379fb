import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { LocalHttpsError } from '../errors/index.ts';
import type { PeerGrantCheck } from './peer-proxy.ts';
import { corsHeaders } from './proxy-headers.ts';

/** The page proxy's own answers: refusals, failures and CORS preflights. */

/** A grant check that throws or rejects refuses: fail closed. */
export async function granted(
  check: PeerGrantCheck,
  origin: string,
  fingerprint: string,
  request: IncomingMessage,
): Promise<boolean> {
  try {
    return (await check(origin, fingerprint, request)) === true;
  } catch {
    return false;
  }
}

export function preflight(request: IncomingMessage, response: ServerResponse, origin: string): void {
  const headers: OutgoingHttpHeaders = {
    ...corsHeaders(origin),
    'access-control-allow-methods': String(request.headers['access-control-request-method']),
    'access-control-max-age': '60',
  };
  const asked = request.headers['access-control-request-headers'];
  if (asked !== undefined) headers['access-control-allow-headers'] = asked;
  response.writeHead(204, headers).end();
}

export function fail(
  response: ServerResponse,
  status: number,
  message: string,
  origin: string | undefined,
): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  // A refused request's body is not read: close rather than drain whatever the client still sends.
  const headers: OutgoingHttpHeaders = { 'content-type': 'text/plain; charset=utf-8', connection: 'close' };
  response.writeHead(status, origin === undefined ? headers : { ...corsHeaders(origin), ...headers });
  response.end(`${message}\n`);
}

export function describe(error: unknown): string {
  if (error instanceof LocalHttpsError) {
    return error.code === 'fingerprint-mismatch'
      ? "peer certificate mismatch: the service did not present the paired agent's certificate"
      : `peer unreachable: ${error.message}`;
  }
  return 'peer unreachable: the connection failed';
}
