/** Node's q2q QUIC sessions that LP2PQuicTransport runs on. */
export { dialQ2q, listenQ2q } from './q2q-session.ts';
