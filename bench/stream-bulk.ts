import type { Session, SessionStream } from '@offgrid/transport-lp2p/node';

/**
 * One-stream bulk throughput over a session: writes `chunk` until `bytes` are sent or `budgetMs` is spent, and
 * counts what the peer reads from the next stream it accepts (`incoming`). The ceiling a data channel is measured
 * against, and the session transports' own bulk figure.
 */
export async function streamBulk(
  sender: Session,
  incoming: ReadableStreamDefaultReader<SessionStream>,
  chunk: Uint8Array,
  bytes: number,
  budgetMs: number,
): Promise<{ bytes: number; seconds: number }> {
  const received = incoming.read().then(({ value }) => (value ? countBytes(value.readable) : 0));
  const stream = await sender.openStream();
  return bulkWrite(stream.writable, received, chunk, bytes, budgetMs);
}

/**
 * Writes `chunk` to `writable`, one write at a time, until `bytes` are sent or `budgetMs` is spent, then closes
 * it; resolves with what `received` counts at the far end and the seconds from the first write until then.
 */
export async function bulkWrite(
  writable: WritableStream<Uint8Array>,
  received: Promise<number>,
  chunk: Uint8Array,
  bytes: number,
  budgetMs: number,
): Promise<{ bytes: number; seconds: number }> {
  const writer = writable.getWriter();
  const started = performance.now();
  const deadline = started + budgetMs;
  for (let sent = 0; sent < bytes && performance.now() < deadline; sent += chunk.byteLength) {
    await writer.write(chunk);
  }
  await writer.close();
  const count = await received;
  return { bytes: count, seconds: (performance.now() - started) / 1000 };
}

/** Reads `readable` to its end; resolves with how many bytes it carried. */
export async function countBytes(readable: ReadableStream<Uint8Array>): Promise<number> {
  let count = 0;
  for await (const part of readable) count += part.byteLength;
  return count;
}
