import type { ClientHttp2Session, ClientHttp2Stream, IncomingHttpHeaders } from 'node:http2';
import { SessionError } from '../errors/index.ts';

/**
 * Which side an HTTP/2 stream belongs to in the reverse-stream scheme (see tcp-session.ts). `forward-uni` is
 * a client-opened unidirectional stream: the server ends its half with the response headers.
 */
export type StreamKind = 'forward' | 'forward-uni' | 'reverse';

/** Response header on a claimed reverse stream that the server uses as a unidirectional stream. */
export const uniResponseHeader = 'osp-uni';

const kindHeader = 'osp-stream';

/** Opens a client stream of `kind`; resolves once it has an id. */
export function requestStream(h2: ClientHttp2Session, kind: StreamKind): Promise<ClientHttp2Stream> {
  let stream: ClientHttp2Stream;
  try {
    stream = h2.request({ ':method': 'POST', ':path': '/osp', [kindHeader]: kind }, { endStream: false });
  } catch (cause) {
    // node:http2 throws synchronously once the session is closing or has received GOAWAY.
    return Promise.reject(new SessionError('closed', 'cannot open a stream: session closing', { cause }));
  }
  stream.on('error', () => {}); // reported through 'close' to whoever reads the stream
  // On a connected session the id is assigned synchronously and 'ready' never fires.
  if (stream.id !== undefined) return Promise.resolve(stream);
  return new Promise((resolve, reject) => {
    stream.once('ready', () => resolve(stream));
    stream.once('close', () => reject(new SessionError('closed', 'stream refused: session closing')));
  });
}

/** The kind a client declared, or undefined for anything else (the server refuses those streams). */
export function streamKind(headers: IncomingHttpHeaders): StreamKind | undefined {
  const kind = headers[kindHeader];
  return kind === 'forward' || kind === 'forward-uni' || kind === 'reverse' ? kind : undefined;
}
