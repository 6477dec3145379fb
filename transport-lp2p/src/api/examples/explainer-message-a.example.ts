// lp2p-EXPLAINER §Simple message exchange, Peer A (its `conn` is §Peer discovery's).
import { conn } from './explainer-connection-a.ts';

// Peer A
conn.ondatachannel = (e) => {
  const channel = e.channel;

  channel.send("Good day to you, requester!");
};
