// lp2p-draft §Data channel Examples: "Create a LP2PDataChannel on an existing connection as requester".
import './example-environment.ts';
import { LP2PRequest } from '../index.ts';

const request = new LP2PRequest({
    nickname: "example-request",
});

const conn = await request.start();
console.log("Requester: Got a connection!");

const channel = conn.createDataChannel("My Channel");

channel.onopen = e => {
    channel.onmessage = e => {
        const message = e.data;
        console.log(`Requester: Received message: ${message}`);
    };

    channel.send("Good day to you, receiver!");
};
