// lp2p-EXPLAINER §Shorthand APIs, Peer A.
import { options } from './explainer-context.ts';
import { lp2p } from '../index.ts';

// Peer A
const listener = lp2p.makeDiscoverable(options);

for await (const transport of listener.incomingTransports) {
  await transport.ready;
}
