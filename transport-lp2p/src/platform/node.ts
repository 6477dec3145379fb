/** Node's session transports for OSP: QUIC (`@matrixai/quic`) and TLS 1.3 + HTTP/2 over TCP. */
export { dialQuic } from './quic-dial.ts';
export { listenQuic } from './quic-listen.ts';
export { dialTcp } from './tcp-dial.ts';
export { listenTcp } from './tcp-listen.ts';
export { sharedTlsSessions, TlsSessionCache } from './tls-session-cache.ts';
