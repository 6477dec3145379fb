/**
 * An agent process for the front-door load test: one `OspAgent` on 127.0.0.1 without mDNS (nothing multicast), its
 * state directory prepared by the caller. Driven by JSON lines:
 *   argv:   --state-dir DIR
 *   stdin:  {"op":"stats"} | {"op":"stop"}
 *   stdout: {"event":"started",fingerprint,hostname,quicPort,tcpPort,authToken} {"event":"psk",numeric}
 *           {"event":"stats",rss,unauthenticated,…}
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ProgrammaticPromptDelegate } from '../../trust/index.ts';
import { startLoopbackAgent } from './loopback-agent.ts';

const { values } = parseArgs({ options: { 'state-dir': { type: 'string' } } });
const emit = (event: string, data: object = {}) =>
  process.stdout.write(`${JSON.stringify({ event, ...data })}\n`);

const agent = await startLoopbackAgent({
  displayName: 'Front door',
  stateDir: values['state-dir'] ?? '.offgrid-front-door',
  // Pairing newcomers read the PSK from this process's output, as a person would from its screen.
  prompt: new ProgrammaticPromptDelegate({ onShowPsk: (psk) => emit('psk', { numeric: psk.numeric }) }),
});
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 100);
emit('started', {
  fingerprint: agent.fingerprint,
  hostname: agent.identity.hostname,
  quicPort: agent.quicPort,
  tcpPort: agent.tcpPort,
  authToken: agent.authToken,
});
for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as { op: string };
  if (command.op === 'stats') {
    const rss = process.memoryUsage().rss;
    peakRss = Math.max(peakRss, rss);
    emit('stats', {
      rss,
      peakRss,
      unauthenticated: agent.unauthenticatedSessions,
      connections: agent.connections().length,
    });
  }
  if (command.op === 'stop') break;
}
clearInterval(sampler);
await agent.stop();
emit('stopped');
process.exit(0);
