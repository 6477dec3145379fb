// lp2p-EXPLAINER §Advanced data exchange, Peer A (its `receiver` is §Peer discovery's).
import { receiver } from './explainer-context.ts';
import { LP2PQuicTransportListener } from '../index.ts';

// Peer A
const listener = new LP2PQuicTransportListener(receiver);

for await (const transport of listener.incomingTransports) {
  await transport.ready;
}
