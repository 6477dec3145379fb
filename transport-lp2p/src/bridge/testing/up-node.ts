/**
 * What `offgrid up` runs, for transport-lp2p's own tests (which do not depend on the cli package): the agent, its
 * bridge and the trusted UI. Prints `ui: URL` when ready, runs until SIGTERM.
 *
 * Usage: node up-node.ts NAME STATE_DIR INTERFACE_ADDRESS   (OFFGRID_DISCOVERY_WAIT_MS: how long a request looks
 * for peers before the chooser shows them; the bridge's default when unset. OFFGRID_UI_PORT: the bridge's port, so a
 * restarted agent is found where its pages expect it; any free one when unset)
 */
import { startUp } from '../start-up.ts';

const [name, stateDir, interfaceAddress] = process.argv.slice(2);
if (!name || !stateDir || !interfaceAddress)
  throw new Error('usage: up-node.ts NAME STATE_DIR INTERFACE_ADDRESS');
const wait = process.env.OFFGRID_DISCOVERY_WAIT_MS;
const uiPort = process.env.OFFGRID_UI_PORT;
const up = await startUp({
  agent: { displayName: name, stateDir, interfaceAddress },
  ...(wait ? { discoveryWaitMs: Number(wait) } : {}),
  ...(uiPort ? { uiPort: Number(uiPort) } : {}),
});
console.log(`ui: ${up.bridge.uiUrl}`);
await new Promise((resolve) => process.once('SIGTERM', resolve));
await up.stop();
