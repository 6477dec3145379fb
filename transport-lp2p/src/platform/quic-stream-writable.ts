import { events, type QUICStream } from '@matrixai/quic';
import { type StreamInternals, streamInternals } from './quic-internals.ts';

/**
 * The writable side of a QUIC stream, working around a quiche 0.18 bug (bundled by @matrixai/quic 2.x;
 * cloudflare/quiche#2525) that drops a stream's FIN for good. quiche deems the send side complete once the
 * data up to the final size is acked, whether or not a frame carrying the FIN has left; it then collects
 * the stream and the queued FIN with it. The peer reads every byte but never the end of the stream.
 *
 * The library's `close()` always sends the FIN as a zero-length frame after the data. When the congestion
 * window is full (a burst of streams at 1452-byte datagrams fills the initial 10-datagram window), the data
 * leaves, the FIN waits, and the ACK of the data then collects the stream. A lost FIN-only packet does the
 * same. So:
 * - the newest chunk stays here until the end of the event-loop turn; a `close()` in the same turn (write
 *   then close, `pipeTo`) hands it to quiche together with the FIN, and the FIN rides in the data's frame,
 *   retransmitted with it;
 * - a FIN with no data left to carry it waits for congestion-window room and jumps the queue of other
 *   streams' data, so it leaves with the next `send()`, before any ACK can complete the stream.
 * What remains: a lost FIN-only packet (a close long after the last write) whose data is acked first.
 *
 * A stream holding a tail keeps its flush in `heldTails` until then, so closing the session can hand it
 * over first.
 */
export function quicStreamWritable(
  stream: QUICStream,
  heldTails: Set<() => void>,
): WritableStream<Uint8Array> {
  const internals = streamInternals(stream);
  const library = stream.writable.getWriter();
  let tail: Uint8Array | undefined;
  let flushed: Promise<void> = Promise.resolve();
  let timer: NodeJS.Immediate | undefined;
  const take = (): Uint8Array | undefined => {
    const chunk = tail;
    tail = undefined;
    heldTails.delete(flush);
    clearImmediate(timer);
    timer = undefined;
    return chunk;
  };
  const flush = (): Promise<void> => {
    const chunk = take();
    if (chunk) {
      flushed = flushed.then(() => library.write(chunk));
      flushed.catch(() => {}); // surfaces on the next write or close
    }
    return flushed;
  };
  return new WritableStream<Uint8Array>({
    async write(chunk) {
      if (chunk.byteLength === 0) return;
      await flush();
      await library.ready; // rejects once the stream is stopped, reset or its session closed
      // Held past this write's resolution, so held as a copy: the writer may reuse its chunk (SessionStream).
      tail = new Uint8Array(chunk); // not slice(): on a Buffer that is a view
      heldTails.add(flush);
      timer = setImmediate(flush);
    },
    async close() {
      const last = take() ?? new Uint8Array(0); // before awaiting, so the timer cannot send it FIN-less
      await flushed;
      try {
        await sendWithFin(internals, last);
      } catch (cause) {
        await library.abort(cause).catch(() => {});
        throw cause;
      }
      // What the library's own close() does after its stream_send, minus that call: a second, empty FIN
      // would cost a packet per stream.
      stream.dispatchEvent(new events.EventQUICStreamCloseWrite());
    },
    async abort(reason) {
      take();
      await library.abort(reason).catch(() => {});
    },
  });
}

/**
 * Congestion-window room (bytes) that lets quiche build a packet around a zero-length STREAM frame: short
 * header with a 20-byte connection id, packet number, ACK frame, frame header and AEAD tag, with margin.
 * Waiting for it never deadlocks: with nothing in flight the window is at least two datagrams.
 */
const finFrameRoomBytes = 256;
/** RFC 9218 urgency 0, the highest: quiche packs flushable streams in urgency order. */
const firstUrgency = 0;

/** Hands `chunk` and the FIN to quiche in one `stream_send`, waiting for capacity as needed. */
async function sendWithFin(stream: StreamInternals, chunk: Uint8Array): Promise<void> {
  const conn = stream.connection.conn;
  for (;;) {
    const capacity = conn.streamCapacity(stream.streamId);
    if (chunk.byteLength > 0 ? capacity > 0 : capacity >= finFrameRoomBytes) {
      // A lone FIN goes ahead of other streams' queued data, which could otherwise take the room.
      if (chunk.byteLength === 0) conn.streamPriority(stream.streamId, firstUrgency, false);
      // Beyond the capacity quiche truncates the write and drops the FIN; the rest goes round again.
      const sent = conn.streamSend(stream.streamId, chunk, true) ?? 0;
      stream.dispatchEvent(new events.EventQUICStreamSend());
      if (sent === chunk.byteLength) return;
      chunk = chunk.subarray(sent);
    }
    await writableAgain(stream);
  }
}

/**
 * Resolves when the connection next reports the stream writable (capacity came back), or rejects when the
 * stream is stopped or destroyed: the promise slots the library's own blocked writes use. Only one waiter
 * exists at a time, since the library's writer is idle while `close()` runs.
 */
function writableAgain(stream: StreamInternals): Promise<void> {
  const { promise, resolve, reject } = Promise.withResolvers<void>();
  stream.resolveWritableP = resolve;
  stream.rejectWritableP = reject;
  return promise;
}
