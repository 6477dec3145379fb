/** LP2PQuicTransport and LP2PQuicTransportListener: WebTransport between local peers over "q2q" QUIC sessions. */

export { Q2Q_ALPN } from '../../platform/index.ts';
export type { QuicTransportCloseInfo } from './close-info.ts';
export { MAX_REASON_BYTES } from './close-info.ts';
export type { DatagramDropCounts, QuicDatagramDuplexStream } from './datagram-duplex.ts';
export { MAX_DATAGRAM_SIZE } from './datagram-duplex.ts';
export type {
  LP2PQuicTransportInit,
  QuicBidirectionalStream,
  QuicTransportReliability,
} from './lp2p-quic-transport.ts';
export { LP2PQuicTransport } from './lp2p-quic-transport.ts';
export { LP2PQuicTransportListener } from './lp2p-quic-transport-listener.ts';
export type { QuicTransportListenerSource, QuicTransportSource } from './quic-transport-source.ts';
export type { QuicTransportStats } from './transport-stats.ts';
