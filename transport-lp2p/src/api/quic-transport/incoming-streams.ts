import type { IncomingQueue, Session, SessionStream } from '../../platform/index.ts';
import { readStreamKind } from './stream-kind.ts';

/** Where each kind of peer stream goes once its kind byte is read. */
export interface IncomingStreamRoutes {
  readonly bidirectional: IncomingQueue<{
    readable: ReadableStream<Uint8Array>;
    writable: WritableStream<Uint8Array>;
  }>;
  readonly unidirectional: IncomingQueue<ReadableStream<Uint8Array>>;
}

const ignore = () => {};

/**
 * Sorts the streams the peer opens by their kind byte (`stream-kind.ts`) until the session ends. Each
 * stream is read on its own, so one that is slow to send its first byte holds up no other. On a
 * unidirectional stream, which carries nothing back, our half is finished at once. A stream of a kind
 * this version does not know is reset, so a newer peer's extension costs one stream, not the session; so
 * is a stream arriving after the application stopped reading that kind.
 */
export async function routeIncomingStreams(session: Session, routes: IncomingStreamRoutes): Promise<void> {
  for await (const stream of session.incomingStreams) void routeOne(stream, routes);
}

async function routeOne(stream: SessionStream, routes: IncomingStreamRoutes): Promise<void> {
  const kinded = await readStreamKind(stream.readable).catch(() => undefined);
  if (kinded === undefined) {
    // Ended (or broken) before saying what it is: nothing to hand up.
    void stream.writable.abort().catch(ignore);
    return;
  }
  const { kind, readable } = kinded;
  if (kind === 'bidirectional' && routes.bidirectional.push({ readable, writable: stream.writable })) return;
  if (kind === 'unidirectional') {
    void stream.writable.close().catch(ignore);
    if (!routes.unidirectional.push(readable)) void readable.cancel().catch(ignore);
    return;
  }
  void readable.cancel().catch(ignore);
  void stream.writable.abort().catch(ignore);
}
