import { SessionError } from '../errors/index.ts';

const closedError = (cause: unknown) =>
  new SessionError('closed', 'stream closed by the transport', { cause });

/**
 * Wraps a transport's stream pair to count payload bytes for `stats()` and to turn the library's errors
 * into `SessionError`s, so callers never see another package's error types.
 */
export function countedStreams(
  readable: ReadableStream<Uint8Array>,
  writable: WritableStream<Uint8Array>,
  onRead: (n: number) => void,
  onWrite: (n: number) => void,
): { readable: ReadableStream<Uint8Array>; writable: WritableStream<Uint8Array> } {
  return { readable: countedReadable(readable, onRead), writable: countedWritable(writable, onWrite) };
}

/** The receiving half of `countedStreams`, alone (a unidirectional stream the peer opened). */
export function countedReadable(
  readable: ReadableStream<Uint8Array>,
  onRead: (n: number) => void,
): ReadableStream<Uint8Array> {
  const reader = readable.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) controller.close();
          else {
            onRead(value.byteLength);
            controller.enqueue(value);
          }
        } catch (cause) {
          controller.error(closedError(cause));
        }
      },
      cancel: (reason) => reader.cancel(reason).catch(() => {}),
    },
    { highWaterMark: 0 },
  );
}

/** The sending half of `countedStreams`, alone (a unidirectional stream this side opened). */
export function countedWritable(
  writable: WritableStream<Uint8Array>,
  onWrite: (n: number) => void,
): WritableStream<Uint8Array> {
  const writer = writable.getWriter();
  return new WritableStream<Uint8Array>({
    async write(chunk) {
      onWrite(chunk.byteLength);
      await writer.write(chunk).catch((cause: unknown) => {
        throw closedError(cause);
      });
    },
    close: () =>
      writer.close().catch((cause: unknown) => {
        throw closedError(cause);
      }),
    abort: (reason) => writer.abort(reason).catch(() => {}),
  });
}
