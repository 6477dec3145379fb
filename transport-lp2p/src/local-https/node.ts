/**
 * Local HTTPS (LP2P §Local HTTPS, explainer R4) on Node: serve HTTPS with the agent certificate, fetch from a paired
 * peer by its pinned fingerprint, and the `/peer/<fingerprint>/…` page proxy the loopback bridge mounts.
 */
export { agentLocalHttpsPeers, LOCAL_HTTPS_TXT_KEY, parseTxtPort } from './agent-peers.ts';
export { fetchFromPeer, openPeerRequest, type PeerRequestOptions } from './fetch-from-peer.ts';
export {
  clientFingerprint,
  type LocalHttpsHandler,
  type LocalHttpsServer,
  type LocalHttpsServerOptions,
  serveLocalHttps,
} from './local-https-server.ts';
export { LOCAL_HTTPS_ALPN, type LocalHttpsCredentials } from './local-https-tls.ts';
export { isLoopbackRequest, pageOrigin } from './loopback-request.ts';
export {
  createPeerProxy,
  type LocalHttpsPeers,
  type PeerGrantCheck,
  type PeerProxyHandler,
  type PeerProxyOptions,
} from './peer-proxy.ts';
export {
  PEER_PROXY_PREFIX,
  type PeerProxyTarget,
  parsePeerProxyPath,
  peerProxyPath,
} from './peer-proxy-path.ts';
export { connectPinned, type PeerEndpoint, type PinnedConnectOptions } from './pinned-connect.ts';
