import type { Http2Session } from 'node:http2';

/**
 * Keep-alive for an HTTP/2 session: a PING every `intervalMs` keeps NATs and the peer's idle timers warm
 * (osp-network §Agent Certificates: agents "may wish to keep the connection alive") and measures RTT. If
 * nothing (ping ack or stream data, see `heard`) arrives for `idleTimeoutMs`, `onIdle` fires once.
 */
export class Http2KeepAlive {
  readonly #timer: NodeJS.Timeout;
  #lastHeard = performance.now();
  #rttMs: number | undefined;

  constructor(session: Http2Session, intervalMs: number, idleTimeoutMs: number, onIdle: () => void) {
    this.#timer = setInterval(() => {
      if (performance.now() - this.#lastHeard > idleTimeoutMs) {
        this.stop();
        onIdle();
        return;
      }
      if (session.destroyed) return;
      session.ping((error, durationMs) => {
        if (error) return;
        this.#rttMs = durationMs;
        this.heard();
      });
    }, intervalMs);
    this.#timer.unref(); // liveness checks must not keep the process alive
  }

  /** Latest ping round trip in ms. */
  get rttMs(): number | undefined {
    return this.#rttMs;
  }

  /** Records that the peer showed signs of life. */
  heard(): void {
    this.#lastHeard = performance.now();
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
