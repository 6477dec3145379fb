// lp2p-draft §LP2PReceiver Examples: "Setting up a receiver to listen for connections".
import './example-environment.ts';
import { LP2PReceiver } from '../index.ts';

const receiver = new LP2PReceiver({
    nickname: "example-receiver",
});
receiver.onconnection = e => {
    console.log("Connection established!");
    const conn = e.connection;
};

// Blocks until permission is received.
await receiver.start();
