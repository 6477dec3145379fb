// lp2p-draft §Data channel Examples: "Receive a LP2PDataChannel on an existing connection as receiver".
import './example-environment.ts';
import { LP2PReceiver } from '../index.ts';

const receiver = new LP2PReceiver({
    nickname: "example-receiver",
});

receiver.onconnection = e => {
    const conn = e.connection;
    console.log("Receiver: Got a connection!");

    conn.ondatachannel = e => {
        const channel = e.channel;

        channel.onmessage = e => {
            const message = e.data;
            console.log(`Receiver: Received message: ${message}`);
        };

        channel.send("Good day to you, requester!");
    };
};

await receiver.start();
