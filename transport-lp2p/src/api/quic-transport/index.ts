/** LP2PQuicTransport and LP2PQuicTransportListener: WebTransport between local peers over "q2q" QUIC sessions. */
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
export { dialQ2q, listenQ2q, Q2Q_ALPN } from './q2q-session.ts';
export type { QuicTransportListenerSource, QuicTransportSource } from './quic-transport-source.ts';
export type { QuicTransportStats } from './transport-stats.ts';
