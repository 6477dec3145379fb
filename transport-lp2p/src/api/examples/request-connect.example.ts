// lp2p-draft §LP2PRequest Examples: "Setting up a request for a connection".
import './example-environment.ts';
import { LP2PRequest } from '../index.ts';

const request = new LP2PRequest({
    nickname: "example-request",
});

// Blocks until connection is received.
const conn = await request.start();
console.log("Connection established!");
