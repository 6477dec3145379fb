/** The LP2P API's Node pieces: Node's local peer host (installed on import) and the q2q QUIC sessions. */
import './node-host.ts';

export { dialQ2q, listenQ2q } from './quic-transport/node.ts';
