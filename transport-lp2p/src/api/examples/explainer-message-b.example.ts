// lp2p-EXPLAINER §Simple message exchange, Peer B (its `conn` is §Peer discovery's).
import { conn } from './explainer-connection-b.ts';

// Peer B
const channel = conn.createDataChannel("My Channel");

channel.onmessage = (e) => {
  console.log(`Receiver: Received message: ${e.data}`);
};
