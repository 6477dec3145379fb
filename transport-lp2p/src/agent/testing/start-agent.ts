/** Starts an agent on 127.0.0.1 (no mDNS) in the state directory given as the first argument, prints its fingerprint. */
import { startLoopbackAgent } from './loopback-agent.ts';

const agent = await startLoopbackAgent({
  displayName: 'Read-only',
  stateDir: process.argv[2] ?? '.offgrid-test',
});
process.stdout.write(`${agent.fingerprint}\n`);
await agent.stop();
