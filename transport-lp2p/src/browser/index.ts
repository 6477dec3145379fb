/**
 * `@offgrid/transport-lp2p/browser`: the Local Peer-to-Peer API for web pages, through the local agent's loopback
 * bridge (`offgrid up`). Same classes, members and events as the draft (and as the Node API), so code written for
 * the draft runs unchanged in a page. Imports no Node module; the agent serves it bundled at `/lp2p.js`.
 */
export {
  type BinaryType,
  type DataChannelData,
  type EventHandler,
  LP2PDataChannel,
  LP2PDataChannelEvent,
  type LP2PDataChannelInit,
  LP2PErrorEvent,
  LP2PQuicTransport,
  type LP2PQuicTransportInit,
  LP2PQuicTransportListener,
  MAX_MESSAGE_SIZE,
  type QuicBidirectionalStream,
  type QuicDatagramDuplexStream,
  type QuicTransportCloseInfo,
} from '../api/index.ts';
export { BridgeError, DataChannelError, LP2PError, QuicTransportError } from '../errors/index.ts';
export { MAX_BUFFERED_BYTES } from './bridge-channel.ts';
export { BridgeLink, type BridgeLinkOptions, localHttpsHeaders } from './bridge-link.ts';
export {
  AGENT_IDS,
  type AgentMessage,
  BRIDGE_PATH,
  CHUNK_BYTES,
  decodeAgentMessage,
  decodePageMessage,
  encodeBridgeMessage,
  MAX_FRAME_BYTES,
  type PageMessage,
  PEER_TOKEN_HEADER,
} from './bridge-protocol.ts';
export { BridgeSession } from './bridge-session.ts';
export { BridgeStream, STREAM_WINDOW } from './bridge-stream.ts';
export { configureBridge } from './default-link.ts';
export { LP2PConnection } from './lp2p-connection.ts';
export { LP2PConnectionEvent } from './lp2p-connection-event.ts';
export { LP2PReceiver, type LP2PReceiverOptions } from './lp2p-receiver.ts';
export { LP2PRequest, type LP2PRequestOptions } from './lp2p-request.ts';
export { lp2p } from './lp2p-shorthand.ts';
export { MessageAssembler } from './message-assembler.ts';
