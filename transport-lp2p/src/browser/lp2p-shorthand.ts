import { LP2PQuicTransport, LP2PQuicTransportListener } from '../api/index.ts';
import { LP2PReceiver, type LP2PReceiverOptions } from './lp2p-receiver.ts';
import { LP2PRequest, type LP2PRequestOptions } from './lp2p-request.ts';

/**
 * The explainer's shorthand APIs (lp2p-EXPLAINER §Shorthand APIs) in a page: a receiver's WebTransport listener and
 * a request's WebTransport session, both through the agent.
 *
 * @example
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
