import { LP2PReceiver, type LP2PReceiverOptions } from './lp2p-receiver.ts';
import { LP2PRequest, type LP2PRequestOptions } from './lp2p-request.ts';
import { LP2PQuicTransport } from './quic-transport/lp2p-quic-transport.ts';
import { LP2PQuicTransportListener } from './quic-transport/lp2p-quic-transport-listener.ts';

/**
 * The explainer's shorthand APIs (lp2p-EXPLAINER §Shorthand APIs; "illustrative and will change", WICG
 * local-peer-to-peer#35): a receiver's WebTransport listener, and a request's WebTransport session.
 *
 * @example
 * const listener = lp2p.makeDiscoverable({ nickname: 'Peer A' });
 * for await (const transport of listener.incomingTransports) await transport.ready;
 * // on the other device
 * const transport = lp2p.connect({ nickname: 'Peer B' });
 * await transport.ready;
 */
export const lp2p = {
  makeDiscoverable(options: LP2PReceiverOptions = {}): LP2PQuicTransportListener {
    return new LP2PQuicTransportListener(new LP2PReceiver(options));
  },
  connect(options: LP2PRequestOptions = {}): LP2PQuicTransport {
    return new LP2PQuicTransport(new LP2PRequest(options));
  },
};
