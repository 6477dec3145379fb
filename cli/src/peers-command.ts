import { OspAgent, peerRecord, terminalSafeJson } from '@offgrid/transport-lp2p/node';
import { defaultStateDir, parseInterface, parseMilliseconds, parseOptions } from './cli-options.ts';
import { formatPeerTable } from './format-peers.ts';

/**
 * `offgrid peers [--json] [--state-dir DIR] [--interface ADDR] [--wait MS]`: browses for `--wait` ms (default
 * 1500), connects to each agent found to verify its name, and prints the list (a JSON array with `--json`).
 * It does not advertise itself.
 */
export async function runPeersCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {
    json: { type: 'boolean' },
    'state-dir': { type: 'string' },
    interface: { type: 'string' },
    wait: { type: 'string' },
  });
  const waitMs = parseMilliseconds(values.wait, 1500);
  const agent = await OspAgent.start({
    displayName: 'offgrid peers',
    stateDir: values['state-dir'] ?? defaultStateDir(),
    interfaceAddress: parseInterface(values.interface),
    advertise: false,
  });
  try {
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    await agent.settled();
    const peers = agent.peers();
    console.log(values.json ? terminalSafeJson(peers.map(peerRecord)) : formatPeerTable(peers));
    return 0;
  } finally {
    await agent.stop();
  }
}
