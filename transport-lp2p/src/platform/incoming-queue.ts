/**
 * A ReadableStream fed by callbacks, for things that arrive unasked (sessions, streams). Items pushed after
 * `end()` are handed to `onLate` so the caller can dispose of them instead of leaking them.
 */
export interface IncomingQueue<T> {
  readonly readable: ReadableStream<T>;
  push(item: T): boolean;
  end(): void;
}

export function createIncomingQueue<T>(): IncomingQueue<T> {
  let controller!: ReadableStreamDefaultController<T>;
  let ended = false;
  // Unbounded on purpose: the transport already bounds how many streams/sessions a peer may open.
  const readable = new ReadableStream<T>({
    start(c) {
      controller = c;
    },
    cancel() {
      ended = true;
    },
  });
  return {
    readable,
    push(item) {
      if (ended) return false;
      controller.enqueue(item);
      return true;
    },
    end() {
      if (ended) return;
      ended = true;
      controller.close();
    },
  };
}
