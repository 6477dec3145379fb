import type { Session, SessionStream } from '../platform/index.ts';

/**
 * A view of an incoming `session` that counts the streams the peer opens and calls `onStream` for each one; when
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
  return {
    get kind() {
      return session.kind;
    },
    get isClient() {
      return session.isClient;
    },
    get remoteCertificate() {
      return session.remoteCertificate;
    },
    get remoteAddress() {
      return session.remoteAddress;
    },
    get closed() {
      return session.closed;
    },
    get datagrams() {
      return session.datagrams;
    },
    incomingStreams,
    openStream: () => session.openStream(),
    close: (code, reason) => session.close(code, reason),
    stats: () => session.stats(),
  };
}
