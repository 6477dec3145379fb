import type { Session, SessionReceiveStream, SessionStream } from '../platform/index.ts';

/**
 * A view of an incoming `session` that counts the streams the peer opens, bidirectional and unidirectional, and calls `onStream` for each one; when
 * `onStream` returns false the stream is not passed on (the caller closes the session). Everything else is the
 * session's own. Used to cap streams before authentication (docs/security.md).
 */
export function watchIncomingStreams(session: Session, onStream: () => boolean): Session {
  const incomingStreams = session.incomingStreams.pipeThrough(
    new TransformStream<SessionStream, SessionStream>({
      transform(stream, controller) {
        if (onStream()) controller.enqueue(stream);
        else void stream.readable.cancel().catch(() => {});
      },
    }),
  );
  const incomingUnidirectionalStreams = session.incomingUnidirectionalStreams.pipeThrough(
    new TransformStream<SessionReceiveStream, SessionReceiveStream>({
      transform(stream, controller) {
        if (onStream()) controller.enqueue(stream);
        else void stream.readable.cancel().catch(() => {});
      },
    }),
  );
  // Everything but the incoming streams is the session's own, methods bound to it (private fields need the real
  // `this`), so members a transport adds later pass through too.
  return new Proxy(session, {
    get(target, property) {
      if (property === 'incomingStreams') return incomingStreams;
      if (property === 'incomingUnidirectionalStreams') return incomingUnidirectionalStreams;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
