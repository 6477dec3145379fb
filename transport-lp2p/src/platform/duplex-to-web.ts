import type { Http2Stream } from 'node:http2';
import { constants } from 'node:http2';
import { addAbortSignal } from 'node:stream';
import { SessionError } from '../errors/index.ts';

/** Bytes buffered in the web ReadableStream before the HTTP/2 stream is paused (then flow control applies). */
const readHighWaterMark = 1024 * 1024;

/**
 * Views an HTTP/2 stream as a WebTransport-style pair. Pause/resume ties the web stream's backpressure to
 * HTTP/2 flow control, so a slow reader throttles the peer instead of growing memory.
 * HTTP/2 cannot stop one direction alone (no STOP_SENDING), so cancelling the readable or aborting the
 * writable resets the whole stream with CANCEL.
 */
export function http2StreamToWeb(
  stream: Http2Stream,
  onRead: (n: number) => void,
  onWrite: (n: number) => void,
): { readable: ReadableStream<Uint8Array>; writable: WritableStream<Uint8Array> } {
  let readDone = false;
  let writeDone = false;
  let pendingWrite: { resolve: () => void; reject: (e: unknown) => void } | undefined;
  const failure = () =>
    new SessionError('closed', `stream ${stream.id ?? '?'} reset (code ${stream.rstCode ?? 'unknown'})`);
  // Resetting through an AbortSignal destroys the stream with Node's AbortError, which sends RST_STREAM with
  // CANCEL and nothing else. `stream.close(CANCEL)` would end the writable first, so a peer reading it would
  // take the END_STREAM ahead of the reset for a clean end.
  const resetter = new AbortController();
  addAbortSignal(resetter.signal, stream);
  const reset = () => {
    if (!stream.destroyed) resetter.abort();
  };

  const readable = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        stream.on('data', (chunk: Buffer) => {
          if (readDone) return; // cancelled: frames still in flight until the reset lands
          onRead(chunk.byteLength);
          controller.enqueue(chunk);
          if ((controller.desiredSize ?? 0) <= 0) stream.pause();
        });
        stream.once('end', () => {
          if (readDone) return;
          readDone = true;
          // A reset ends the readable too (Node pushes EOF after RST_STREAM), with the reset's code already
          // set; only a real END_STREAM is a clean end.
          const code = stream.rstCode;
          if (code !== undefined && code !== constants.NGHTTP2_NO_ERROR) controller.error(failure());
          else controller.close();
        });
        stream.once('close', () => {
          if (!readDone) {
            readDone = true;
            controller.error(failure());
          }
          writeDone = true;
          pendingWrite?.reject(failure());
        });
        // Errors surface through 'close'; the listener only stops them from becoming uncaught exceptions.
        stream.on('error', () => {});
      },
      pull() {
        stream.resume();
      },
      cancel() {
        readDone = true;
        reset();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: readHighWaterMark }),
  );

  const writable = new WritableStream<Uint8Array>({
    write(chunk) {
      if (writeDone) throw failure();
      onWrite(chunk.byteLength);
      // No copy (it cost ~20% of bulk throughput): nghttp2 reads the chunk later. Its callback says the chunk
      // was written out, so the write resolves then and the caller may reuse the chunk (SessionStream).
      return new Promise<void>((resolve, reject) => {
        pendingWrite = { resolve, reject };
        stream.write(chunk, (error) => {
          pendingWrite = undefined;
          if (error) reject(failure());
          else resolve();
        });
      });
    },
    close() {
      writeDone = true;
      return new Promise<void>((resolve, reject) => {
        if (stream.destroyed) reject(failure());
        else stream.end((error?: Error | null) => (error ? reject(failure()) : resolve()));
      });
    },
    abort() {
      writeDone = true;
      reset();
    },
  });
  return { readable, writable };
}
