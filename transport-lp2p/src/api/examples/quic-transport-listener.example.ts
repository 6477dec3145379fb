// lp2p-draft §LP2PQuicTransport Examples: "Receiving a LP2PQuicTransport".
import './example-environment.ts';
import { LP2PQuicTransportListener, LP2PReceiver } from '../index.ts';

const receiver = new LP2PReceiver({
    nickname: "example-receiver",
});

const listener = new LP2PQuicTransportListener(receiver);

for await (const transport of listener.incomingTransports) {
  // Blocks until transport is ready.
  await transport.ready;
}
