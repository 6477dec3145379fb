import { type QuicheConfigMethods, quicheConfigPrototype } from './quic-internals.ts';

/**
 * Caps quiche's flow-control window auto-tuning. @matrixai/quic accepts `maxStreamWindow` and
 * `maxConnectionWindow` but never passes them to quiche (its buildQuicheConfig skips them), so windows grow
 * to 16/24 MiB. On loopback the sender then bursts more than the receiver's UDP buffer holds, datagrams are
 * dropped, cubic collapses, and the library's loss recovery has stalled streams for good in our tests.
 * Capped windows measured 0 drops and ~25 MB/s instead of ~97 drops per 32 MiB and ~18 MB/s.
 *
 * buildQuicheConfig calls `setApplicationProtos` last on every config it builds, so the caps ride on it.
 * Process-wide and idempotent; if a future version renames these methods, it throws SessionError `unsupported`
 * (quic-internals.ts) rather than silently running uncapped.
 */
export const streamWindowCapBytes = 1024 * 1024;
export const connectionWindowCapBytes = 2 * 1024 * 1024;

const patched = Symbol.for('offgrid.quiche-window-caps');

type PatchedConfig = QuicheConfigMethods & { [patched]?: true };

export function installQuicheWindowCaps(): void {
  const proto: PatchedConfig = quicheConfigPrototype();
  if (proto[patched]) return;
  const setApplicationProtos = proto.setApplicationProtos;
  proto.setApplicationProtos = function (this: PatchedConfig, protos: string[]) {
    this.setMaxStreamWindow(streamWindowCapBytes);
    this.setMaxConnectionWindow(connectionWindowCapBytes);
    setApplicationProtos.call(this, protos);
  };
  proto[patched] = true;
}
