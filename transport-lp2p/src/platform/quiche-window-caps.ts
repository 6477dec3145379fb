import { native } from '@matrixai/quic';

/**
 * Caps quiche's flow-control window auto-tuning. @matrixai/quic accepts `maxStreamWindow` and
 * `maxConnectionWindow` but never passes them to quiche (its buildQuicheConfig skips them), so windows grow
 * to 16/24 MiB. On loopback the sender then bursts more than the receiver's UDP buffer holds, datagrams are
 * dropped, cubic collapses, and the library's loss recovery has stalled streams for good in our tests.
 * Capped windows measured 0 drops and ~25 MB/s instead of ~97 drops per 32 MiB and ~18 MB/s.
 *
 * buildQuicheConfig calls `setApplicationProtos` last on every config it builds, so the caps ride on it.
 * Process-wide and idempotent; if a future version renames these methods, this does nothing.
 */
export const streamWindowCapBytes = 1024 * 1024;
export const connectionWindowCapBytes = 2 * 1024 * 1024;

const patched = Symbol.for('offgrid.quiche-window-caps');

interface QuicheConfigMethods {
  setApplicationProtos(protos: string[]): void;
  setMaxStreamWindow(bytes: number): void;
  setMaxConnectionWindow(bytes: number): void;
  [patched]?: true;
}

export function installQuicheWindowCaps(): void {
  const proto = native.quiche.Config.prototype as unknown as QuicheConfigMethods;
  if (proto[patched] || typeof proto.setMaxStreamWindow !== 'function') return;
  const setApplicationProtos = proto.setApplicationProtos;
  proto.setApplicationProtos = function (this: QuicheConfigMethods, protos: string[]) {
    this.setMaxStreamWindow(streamWindowCapBytes);
    this.setMaxConnectionWindow(connectionWindowCapBytes);
    setApplicationProtos.call(this, protos);
  };
  proto[patched] = true;
}
