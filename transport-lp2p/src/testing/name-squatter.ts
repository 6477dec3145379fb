/**
 * A name squatter for impersonation tests, run inside a LAN namespace: a real `OspAgent` with its own key whose
 * display name is `--name`, announcing that instance name every second without probing for it first (RFC 6762
 * §8.1), so it takes a name an honest agent already holds. Prints `{"event":"started","fingerprint"}`; exits when
 * stdin closes.
 *   argv: --name NAME --state-dir DIR --interface ADDR
 */
import { parseArgs } from 'node:util';
import { OspAgent } from '../agent/node.ts';
import { buildServiceRecords, encodeOspTxt, generateAuthToken, MdnsHost } from '../discovery/index.ts';

const { values } = parseArgs({
  options: { name: { type: 'string' }, 'state-dir': { type: 'string' }, interface: { type: 'string' } },
});
const name = values.name ?? 'Victim';
const address = values.interface ?? '';
const agent = await OspAgent.start({
  displayName: name,
  stateDir: values['state-dir'] ?? '.offgrid-squatter',
  interfaceAddress: address,
  advertise: false,
  browse: false,
});
const host = await MdnsHost.acquire(address);
const records = buildServiceRecords({
  instance: name,
  hostName: `${agent.identity.hostname}.local`.replace(/\.local\.local$/, '.local'),
  port: agent.quicPort,
  txt: encodeOspTxt({ fingerprint: agent.fingerprint, metadataVersion: 1, authToken: generateAuthToken() }),
  addresses: [address],
});
const owner = {};
host.setRecords(owner, records);
const announce = () => void host.announce(records);
announce();
const timer = setInterval(announce, 1000);
process.stdout.write(`${JSON.stringify({ event: 'started', fingerprint: agent.fingerprint })}\n`);
process.stdin.resume();
process.stdin.on('end', async () => {
  clearInterval(timer);
  host.deleteRecords(owner);
  await host.release();
  await agent.stop();
  process.exit(0);
});
