// lp2p-draft §LP2PConnection Examples: "Open a LP2PQuicTransport using an existing connection as receiver".
import './example-environment.ts';
import { LP2PQuicTransport, LP2PReceiver } from '../index.ts';

const receiver = new LP2PReceiver({
    nickname: "example-receiver",
});
receiver.onconnection = async e => {
    const conn = e.connection;
    
    const transport = new LP2PQuicTransport(conn);

    // Blocks until transport is ready.
    await transport.ready;
};

// Blocks until permission is received.
await receiver.start();
