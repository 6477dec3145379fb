// lp2p-draft §LP2PConnection Examples: "Open a LP2PQuicTransport using an existing connection as requester".
import './example-environment.ts';
import { LP2PQuicTransport, LP2PRequest } from '../index.ts';

const request = new LP2PRequest({
    nickname: "example-request",
});

// Blocks until connection is received.
const conn = await request.start();

const transport = new LP2PQuicTransport(conn);

// Blocks until transport is ready.
await transport.ready;
