/**
 * One direction of an in-memory byte stream: a WritableStream whose chunks appear, copied, in a paired
 * ReadableStream. Delivery and backpressure use only promises (no timers), so tests stay deterministic.
 */
export interface MemoryPipe {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
  /** Fails both ends, e.g. when the session closes. */
  fail(reason: unknown): void;
}

const highWaterMark = 256 * 1024;

export function createMemoryPipe(onBytes: (n: number) => void): MemoryPipe {
  let reader!: ReadableStreamDefaultController<Uint8Array>;
  let writer!: WritableStreamDefaultController;
  let wake: (() => void) | undefined;
  let done = false;
  const readable = new ReadableStream<Uint8Array>(
    {
      start(c) {
        reader = c;
      },
      pull() {
        wake?.();
        wake = undefined;
      },
      cancel(reason) {
        done = true;
        writer.error(reason);
        wake?.();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark }),
  );
  const writable = new WritableStream<Uint8Array>({
    start(c) {
      writer = c;
    },
    async write(chunk) {
      if (done) return;
      // Copy so the writer may reuse its buffer, as with a real socket.
      reader.enqueue(chunk.slice());
      onBytes(chunk.byteLength);
      if ((reader.desiredSize ?? 0) <= 0) await new Promise<void>((r) => (wake = r));
    },
    close() {
      if (done) return;
      done = true;
      reader.close();
    },
    abort(reason) {
      if (done) return;
      done = true;
      reader.error(reason);
    },
  });
  return {
    readable,
    writable,
    fail(reason) {
      if (!done) {
        done = true;
        reader.error(reason);
      }
      writer.error(reason);
      wake?.();
    },
  };
}
