import type { Session, SessionStream } from '../transport-lp2p/src/platform/index.ts';

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
  const received = incoming.read().then(async ({ value }) => {
    let count = 0;
    if (value) for await (const part of value.readable) count += part.byteLength;
    return count;
  });
  const stream = await sender.openStream();
  const writer = stream.writable.getWriter();
  const started = performance.now();
  const deadline = started + budgetMs;
  for (let sent = 0; sent < bytes && performance.now() < deadline; sent += chunk.byteLength) {
    await writer.write(chunk);
  }
  await writer.close();
  const count = await received;
  return { bytes: count, seconds: (performance.now() - started) / 1000 };
}
