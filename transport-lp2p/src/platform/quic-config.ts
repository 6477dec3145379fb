import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { QUICClientCrypto, QUICConfig, QUICServerCrypto, TLSVerifyCallback } from '@matrixai/quic';
import { native } from '@matrixai/quic';
import { agentFingerprint } from '../identity/index.ts';
import { DATAGRAM_QUEUE_LENGTH } from './quic-datagrams.ts';
import {
  connectionWindowCapBytes,
  installQuicheWindowCaps,
  streamWindowCapBytes,
} from './quiche-window-caps.ts';
import type { KeepAliveOptions, LocalCredentials } from './session.ts';
import { OSP_ALPN } from './session.ts';

/**
 * Throughput tuning, measured on loopback (bench/suites/sessions.ts): library defaults move ~3 MB/s on one
 * stream, these settings ~25 MB/s. The library spends its time per datagram in JS, so the lever is the
 * datagram size: quiche sends the smaller of ours and the peer's max_udp_payload_size. Loopback carries
 * 65527 bytes (the largest IPv6 UDP payload) unfragmented; any other path gets 1452 (a 1500-byte Ethernet
 * MTU minus IPv6 and UDP headers), since fragmented datagrams are lost whole and quiche here does no PMTU
 * discovery. Windows match the caps in quiche-window-caps.ts, which keep bursts within the UDP buffer.
 */
const loopbackPayloadBytes = 65527;
const networkPayloadBytes = 1452;
const readChunkBytes = 64 * 1024;

/** QUIC-only knobs that `dialQuic` and `listenQuic` accept beside the common session options. */
export interface QuicTuning {
  /**
   * Largest UDP payload sent or accepted; by default 65527 on loopback, 1452 elsewhere. Tests set 1452 on
   * loopback to exercise LAN-sized datagrams.
   */
  readonly maxUdpPayloadBytes?: number;
}

/** What `quicConfig` reads from dial or listen options. */
export interface QuicConfigOptions extends KeepAliveOptions, QuicTuning {
  readonly credentials: LocalCredentials;
  /** The address dialled or bound: loopback gets large datagrams. */
  readonly host: string;
  readonly alpn?: string;
  readonly datagrams?: boolean;
}

/**
 * QUIC settings for OSP (osp-network §Transport and §TLS 1.3): ALPN "osp" unless told otherwise, TLS 1.3
 * (always, in QUIC), no early data, both sides present certificates and verify the peer with `verify` (a
 * fingerprint pin; CA validation cannot apply to self-signed agent certificates). Offering one protocol
 * makes quiche fail the handshake (no_application_protocol) against a peer that speaks another.
 */
export function quicConfig(
  options: QuicConfigOptions,
  verify: (der: Uint8Array) => boolean,
): Partial<QUICConfig> & { key: string; cert: string } {
  const udpPayloadBytes =
    options.maxUdpPayloadBytes ?? (isLoopback(options.host) ? loopbackPayloadBytes : networkPayloadBytes);
  installQuicheWindowCaps();
  const verifyCallback: TLSVerifyCallback = async (certs) => {
    const leaf = certs[0];
    return leaf && verify(leaf) ? undefined : native.CryptoError.BadCertificate;
  };
  return {
    key: options.credentials.privateKeyPem,
    cert: options.credentials.certificatePem,
    verifyPeer: true,
    verifyCallback,
    applicationProtos: [options.alpn ?? OSP_ALPN],
    enableEarlyData: false,
    keepAliveIntervalTime: options.keepAliveMs ?? 5_000,
    maxIdleTimeout: options.idleTimeoutMs ?? 30_000,
    maxSendUdpPayloadSize: udpPayloadBytes,
    maxRecvUdpPayloadSize: udpPayloadBytes,
    initialMaxData: connectionWindowCapBytes,
    initialMaxStreamDataBidiLocal: streamWindowCapBytes,
    initialMaxStreamDataBidiRemote: streamWindowCapBytes,
    initialMaxStreamDataUni: streamWindowCapBytes,
    // osp-network §Messages: every OSP message rides a unidirectional stream, so grant the peer plenty.
    // quiche raises MAX_STREAMS again as finished streams are collected, so this bounds concurrency only.
    initialMaxStreamsBidi: 1000,
    initialMaxStreamsUni: 1000,
    readableChunkSize: readChunkBytes,
    enableDgram: options.datagrams ? [true, DATAGRAM_QUEUE_LENGTH, DATAGRAM_QUEUE_LENGTH] : [false, 0, 0],
  };
}

function isLoopback(host: string): boolean {
  return host === '::1' || host === 'localhost' || host.startsWith('127.') || host.startsWith('::ffff:127.');
}

/** True when `der`'s agent fingerprint is `expected`; never throws on a malformed certificate. */
export function fingerprintMatches(der: Uint8Array, expected: string): boolean {
  try {
    return agentFingerprint(der) === expected;
  } catch {
    return false;
  }
}

export const clientCrypto: QUICClientCrypto = {
  ops: {
    async randomBytes(data) {
      randomBytes(data.byteLength).copy(Buffer.from(data));
    },
  },
};

/** Server crypto signs stateless-retry tokens (RFC 9000 §8.1.2) with a per-listener HMAC key. */
export function serverCrypto(): QUICServerCrypto {
  const key = randomBytes(32);
  const sign = (k: ArrayBuffer, data: ArrayBuffer) =>
    createHmac('sha256', Buffer.from(k)).update(Buffer.from(data)).digest();
  return {
    key: key.buffer.slice(key.byteOffset, key.byteOffset + key.byteLength),
    ops: {
      async sign(k, data) {
        const mac = sign(k, data);
        return mac.buffer.slice(mac.byteOffset, mac.byteOffset + mac.byteLength);
      },
      async verify(k, data, signature) {
        const expected = sign(k, data);
        const given = Buffer.from(signature);
        return given.byteLength === expected.byteLength && timingSafeEqual(given, expected);
      },
    },
  };
}
