/** The Local Peer-to-Peer API (lp2p-draft-index.bs) over OSP agent connections. */
export { DataChannelError, type DataChannelErrorCode } from '../errors/index.ts';
export {
  DataChannelCore,
  type DataChannelLink,
  type DataChannelSetup,
  type DataChannelState,
} from './data-channel-core.ts';
export { type BinaryType, type DataChannelData, MAX_MESSAGE_SIZE } from './data-channel-payload.ts';
export { configureLocalPeerManager, defaultLocalPeerManager } from './default-manager.ts';
export { type EventHandler, EventHandlerAttributes } from './event-handler-attribute.ts';
export { installLocalPeerHost, type LocalPeerHost } from './local-peer-host.ts';
export { LocalPeerManager, type LocalPeerManagerOptions } from './local-peer-manager.ts';
export { createLP2PConnection, LP2PConnection } from './lp2p-connection.ts';
export { LP2PConnectionEvent, type LP2PConnectionEventInit } from './lp2p-connection-event.ts';
export { type DataChannelBackend, LP2PDataChannel, type LP2PDataChannelInit } from './lp2p-data-channel.ts';
export {
  LP2PDataChannelEvent,
  type LP2PDataChannelEventInit,
  LP2PErrorEvent,
  type LP2PErrorEventInit,
} from './lp2p-events.ts';
export { LP2PReceiver, type LP2PReceiverOptions } from './lp2p-receiver.ts';
export { LP2PRequest, type LP2PRequestOptions } from './lp2p-request.ts';
export { lp2p } from './lp2p-shorthand.ts';
export {
  LP2PQuicTransport,
  type LP2PQuicTransportInit,
  LP2PQuicTransportListener,
  MAX_DATAGRAM_SIZE,
  type QuicBidirectionalStream,
  type QuicDatagramDuplexStream,
  type QuicTransportCloseInfo,
  type QuicTransportListenerSource,
  type QuicTransportSource,
} from './quic-transport/index.ts';
