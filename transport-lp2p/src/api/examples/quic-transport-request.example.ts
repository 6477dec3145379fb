// lp2p-draft §LP2PQuicTransport Examples: "Setting up a request for a LP2PQuicTransport".
import './example-environment.ts';
import { LP2PQuicTransport, LP2PRequest } from '../index.ts';

const request = new LP2PRequest({
    nickname: "example-request",
});

const transport = new LP2PQuicTransport(request);

// Blocks until transport is ready.
await transport.ready;
