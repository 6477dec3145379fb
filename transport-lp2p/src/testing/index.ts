/**
 * `@offgrid/transport-lp2p/testing`: test rigs for reuse by other packages — the session and data-channel
 * conformance suites, sample OSP messages and hand-built frames, the CDDL subset parser, the network-namespace
 * LAN, child-process helpers and test credentials. Node-only; never imported by library code.
 */
import { fileURLToPath } from 'node:url';

export { connectedPair, type TestSide } from '../agent/testing/connected-pair.ts';
export {
  type FrontDoorLoadOptions,
  type FrontDoorLoadResult,
  runFrontDoorLoad,
} from '../agent/testing/front-door-load.ts';
export { loopbackRecord, startLoopbackAgent } from '../agent/testing/loopback-agent.ts';
export { type TestPairingOptions, testPairingManager } from '../agent/testing/test-pairing-manager.ts';
export { createQ2qPeers } from '../api/quic-transport/testing/q2q-test-peers.ts';
export { incoming, messages, nextEvent, openChannel, record } from '../api/testing/channel-helpers.ts';
export { describeDataChannelConformance } from '../api/testing/data-channel-conformance.ts';
export { lifecycleTests } from '../api/testing/data-channel-lifecycle-tests.ts';
export { transferTests } from '../api/testing/data-channel-transfer-tests.ts';
export {
  type AgentPair,
  agentPair,
  type LP2PPair,
  lp2pPair,
  type PairKind,
  sessionPair,
} from '../api/testing/lp2p-pair.ts';
export { bridgedTransport, type RelayServer, startRelayServer } from '../bridge/testing/bridged-transport.ts';
export {
  BrowserDevice,
  type PilotHandlers,
  startUpNode,
  UiPilot,
  uiUrlOf,
} from '../bridge/testing/browser-device-client.ts';
export { loopbackDial } from '../platform/testing/loopback-dial.ts';
export {
  describeNetworkSession,
  type NetworkTransport,
  sessionsWithin,
} from '../platform/testing/network-session-conformance.ts';
export {
  describeSessionConformance,
  readAll,
  type SessionPairFactory,
  type SessionPairFixture,
  serveEcho,
} from '../platform/testing/session-conformance.ts';
export {
  type CddlDocument,
  type CddlField,
  type CddlRule,
  type CddlType,
  parseCddl,
} from '../protocol/testing/cddl-subset.ts';
export { sampleMessages } from '../protocol/testing/sample-messages.ts';
export { assertRejects, fromHex, rawFrame } from '../protocol/testing/test-frames.ts';
export {
  CHROMIUM_PATH,
  type ChromiumOptions,
  chromiumUnavailableReason,
  type LaunchedChromium,
  launchChromium,
} from './chromium.ts';
export { JsonLines } from './json-lines.ts';
export {
  createIsolatedHost,
  createLan,
  type HostLink,
  type IsolatedHost,
  type Lan,
  type LanHost,
  lanUnavailableReason,
  linkHosts,
} from './lan.ts';
export { LineProcess } from './line-process.ts';
export { seededRandom } from './seeded-random.ts';
export { createTestCredentials } from './test-credentials.ts';
export { pollUntil, until } from './until.ts';

/** The discovery-only agent script (`discovery-node.ts`) that multi-host tests and benches run in a namespace. */
export const DISCOVERY_NODE_SCRIPT = fileURLToPath(new URL('./discovery-node.ts', import.meta.url));
/** A hostile mDNS responder (`mdns-flood.ts`) for discovery cap and address tests. */
export const MDNS_FLOOD_SCRIPT = fileURLToPath(new URL('./mdns-flood.ts', import.meta.url));
/** A real agent that announces an instance name it did not probe for (`name-squatter.ts`). */
export const NAME_SQUATTER_SCRIPT = fileURLToPath(new URL('./name-squatter.ts', import.meta.url));
