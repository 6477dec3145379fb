/** Starts an agent on 127.0.0.1 (no mDNS) in the state directory given as the first argument, prints its fingerprint. */
import { OspAgent } from '../osp-agent.ts';

const agent = await OspAgent.start({
  displayName: 'Read-only',
  stateDir: process.argv[2] ?? '.offgrid-test',
  interfaceAddress: '127.0.0.1',
  advertise: false,
  browse: false,
  quicTransport: false,
});
process.stdout.write(`${agent.fingerprint}\n`);
await agent.stop();
