// lp2p-EXPLAINER §Peer discovery, Peer B.
import './example-environment.ts';
import { LP2PRequest } from '../index.ts';

// Peer B
const request = new LP2PRequest({
  nickname: "Peer B",
});

const conn = await request.start();
console.log("Requester: Got a connection!");
