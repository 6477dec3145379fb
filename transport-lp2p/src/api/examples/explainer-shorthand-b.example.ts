// lp2p-EXPLAINER §Shorthand APIs, Peer B.
import { options } from './explainer-context.ts';
import { lp2p } from '../index.ts';

// Peer B
const transport = lp2p.connect(options);

await transport.ready;
