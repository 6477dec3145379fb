// lp2p-EXPLAINER §Advanced data exchange, Peer B (its `request` is §Peer discovery's).
import { request } from './explainer-context.ts';
import { LP2PQuicTransport } from '../index.ts';

// Peer B
const transport = new LP2PQuicTransport(request);

await transport.ready;
