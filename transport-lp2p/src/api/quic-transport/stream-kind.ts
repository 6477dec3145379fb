import type { Session, SessionStream } from '../../platform/index.ts';

/**
 * The first byte of every stream in a q2q session says what the stream carries. The draft leaves the
 * WebTransport-over-QUIC mapping open (lp2p-draft-index §WebTransport extension, Note), and our `Session`
 * has only bidirectional streams, so WebTransport's two kinds of stream share them:
 * - `bidirectional` (0x00): a WebTransportBidirectionalStream; both halves carry application bytes.
 * - `unidirectional` (0x01): a unidirectional stream; the receiver closes its half at once, unused.
 * Any other byte is a kind this version does not know (0x02 carried datagrams before they moved to QUIC
 * DATAGRAM frames); such a stream is reset.
 * Writing the byte at open also makes the stream reach the peer at once (a QUIC stream appears with its
 * first byte), as a WebTransport stream does.
 */
export const STREAM_KIND_BYTES = { bidirectional: 0x00, unidirectional: 0x01 } as const;

export type StreamKind = keyof typeof STREAM_KIND_BYTES;

const kindOfByte = new Map<number, StreamKind>(
  Object.entries(STREAM_KIND_BYTES).map(([kind, byte]) => [byte, kind as StreamKind]),
);

/** Opens a session stream and announces its kind; the returned writable carries application bytes only. */
export async function openKindedStream(session: Session, kind: StreamKind): Promise<SessionStream> {
  const stream = await session.openStream();
  const writer = stream.writable.getWriter();
  try {
    await writer.write(Uint8Array.of(STREAM_KIND_BYTES[kind]));
  } catch (error) {
    void stream.readable.cancel().catch(() => {});
    throw error;
  } finally {
    writer.releaseLock();
  }
  return stream;
}

/** A peer stream with its kind byte read off. `kind` is undefined for a byte this version does not know. */
export interface KindedReadable {
  readonly kind: StreamKind | undefined;
  /** The stream's bytes after the kind byte. */
  readonly readable: ReadableStream<Uint8Array>;
}

/**
 * Reads the kind byte of a stream the peer opened. Resolves `undefined` when the stream ends before its
 * first byte; rejects only if the underlying stream errors.
 */
export async function readStreamKind(
  readable: ReadableStream<Uint8Array>,
): Promise<KindedReadable | undefined> {
  const reader = readable.getReader();
  let first: Uint8Array | undefined;
  while (first === undefined) {
    const { done, value } = await reader.read();
    if (done) return undefined;
    if (value.byteLength > 0) first = value;
  }
  let rest: Uint8Array | undefined = first.subarray(1);
  const kind = kindOfByte.get(first[0] as number);
  const remainder = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (rest !== undefined && rest.byteLength > 0) {
          controller.enqueue(rest);
          rest = undefined;
          return;
        }
        rest = undefined;
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
  return { kind, readable: remainder };
}

/**
 * Reads the unused return half of a stream we opened as unidirectional to its end, which lets the stream
 * be freed on both sides. A byte on it breaks the framing: the sink's throw cancels (STOP_SENDING) it.
 */
export function drainReturnHalf(readable: ReadableStream<Uint8Array>): void {
  const refuse = new WritableStream<Uint8Array>({
    write() {
      throw new Error('data on the return half of a unidirectional stream');
    },
  });
  readable.pipeTo(refuse).catch(() => {});
}
