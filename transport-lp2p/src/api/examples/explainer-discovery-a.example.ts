// lp2p-EXPLAINER §Peer discovery, Peer A.
import './example-environment.ts';
import { LP2PReceiver } from '../index.ts';

// Peer A
const receiver = new LP2PReceiver({
  nickname: "Peer A",
});

receiver.onconnection = (e) => {
  const conn = e.connection;
  console.log("Receiver: Got a connection!");
};
