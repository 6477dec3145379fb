import { QUICSocket } from '@matrixai/quic';
import { udpSocket } from './quic-internals.ts';
import { quietLogger } from './quiet-logger.ts';

/**
 * Kernel UDP buffers for one QUIC socket. The default (~208 KiB) overflows when a burst of large datagrams
 * arrives while the event loop is busy, and @matrixai/quic recovers poorly from such loss (streams stalled
 * for good in our tests). Capped by net.core.rmem_max / wmem_max.
 */
const socketBufferBytes = 4 * 1024 * 1024;

/** Starts a UDP socket for QUIC with enlarged kernel buffers. The caller stops it. */
export async function startQuicSocket(host: string, port: number): Promise<QUICSocket> {
  const socket = new QUICSocket({ logger: quietLogger });
  await socket.start({ host, port });
  // The library creates the dgram socket itself and exposes no buffer options; reach it directly.
  let udp: ReturnType<typeof udpSocket>;
  try {
    udp = udpSocket(socket);
  } catch (error) {
    await socket.stop({ force: true });
    throw error;
  }
  try {
    udp.setRecvBufferSize(socketBufferBytes);
    udp.setSendBufferSize(socketBufferBytes);
  } catch {
    // Best effort: a smaller buffer only costs throughput under bursts.
  }
  return socket;
}
