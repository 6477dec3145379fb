import { isIPv6 } from 'node:net';
import { QUICClient } from '@matrixai/quic';
import { SessionError } from '../errors/index.ts';
import { clientCrypto, fingerprintMatches, type QuicTuning, quicConfig } from './quic-config.ts';
import { QuicSession } from './quic-session.ts';
import { startQuicSocket } from './quic-socket.ts';
import { quietLogger } from './quiet-logger.ts';
import type { DialOptions, Session } from './session.ts';

/**
 * Dials an OSP agent over QUIC (osp-network §Transport) and authenticates it by its agent fingerprint
 * during the TLS handshake: a mismatch aborts the handshake, so no stream is ever opened.
 *
 * @example
 * const session = await dialQuic({ host: '127.0.0.1', port, serverName, credentials, expectedFingerprint });
 */
export async function dialQuic(options: DialOptions & QuicTuning): Promise<Session> {
  let mismatch = false;
  const config = quicConfig(options, (der) => {
    mismatch = !fingerprintMatches(der, options.expectedFingerprint);
    return !mismatch;
  });
  const socket = await startQuicSocket(isIPv6(options.host) ? '::' : '0.0.0.0', 0);
  let client: QUICClient;
  try {
    client = await QUICClient.createQUICClient(
      {
        host: options.host,
        port: options.port,
        serverName: options.serverName,
        socket,
        crypto: clientCrypto,
        config,
        logger: quietLogger,
      },
      { timer: options.timeoutMs ?? 10_000, ...(options.signal ? { signal: options.signal } : {}) },
    );
  } catch (cause) {
    await socket.stop({ force: true }).catch(() => {});
    throw dialError(cause, mismatch, options.signal);
  }
  return new QuicSession(
    client.connection,
    true,
    async (errorCode, reason) => {
      await client.destroy({ isApp: true, errorCode, reason, force: true }).catch(() => {});
      await socket.stop({ force: true }).catch(() => {});
    },
    options.datagrams,
  );
}

function dialError(cause: unknown, mismatch: boolean, signal: AbortSignal | undefined): SessionError {
  if (mismatch) {
    return new SessionError(
      'fingerprint-mismatch',
      'peer certificate does not match the expected fingerprint',
      {
        cause,
      },
    );
  }
  if (signal?.aborted) return new SessionError('aborted', 'QUIC dial aborted', { cause });
  const timedOut = cause instanceof Error && /timeout/i.test(`${cause.name} ${cause.message}`);
  return new SessionError(timedOut ? 'timeout' : 'handshake-failed', 'QUIC handshake failed', { cause });
}
