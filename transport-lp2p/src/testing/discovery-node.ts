/**
 * A discovery-only agent for multi-host tests and benches, run inside a LAN namespace. Prints JSON lines:
 * `{"type":"ready"}`, `{"type":"agentup"|"agentchanged"|"agentdown","fingerprint",…,"at"}` and
 * `{"type":"peers","peers":[…],"at"}` on every change. Reads commands on stdin: `stop-advertising`,
 * `set-port <port>` (an update, which bumps `mv`), `exit`.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { AgentEvent } from '../discovery/index.ts';
import { OspAdvertiser, OspBrowser } from '../discovery/index.ts';

const { values } = parseArgs({
  options: {
    address: { type: 'string' },
    name: { type: 'string', default: 'Test agent' },
    fingerprint: { type: 'string' },
    port: { type: 'string', default: '4433' },
    'tcp-port': { type: 'string' },
    ttl: { type: 'string' },
    browse: { type: 'boolean', default: true },
  },
  allowNegative: true,
});

const emit = (line: object) => process.stdout.write(`${JSON.stringify({ ...line, at: Date.now() })}\n`);
const interfaceAddress = values.address;
const browser = values.browse ? new OspBrowser({ interfaceAddress }) : undefined;
const advertiser = values.fingerprint
  ? new OspAdvertiser({
      interfaceAddress,
      displayName: values.name,
      fingerprint: values.fingerprint,
      port: Number(values.port),
      ...(values['tcp-port'] !== undefined && { tcpPort: Number(values['tcp-port']) }),
      ...(values.ttl !== undefined && { ttl: Number(values.ttl) }),
    })
  : undefined;

const onAgent = (event: Event) => {
  const { agent } = event as AgentEvent;
  emit({ type: event.type, fingerprint: agent.fingerprint, instanceName: agent.instanceName });
  const peers = (browser?.agents() ?? []).map(({ instanceName, fingerprint, port, tcpPort, addresses }) => ({
    instanceName,
    fingerprint,
    port,
    tcpPort,
    addresses,
  }));
  emit({ type: 'peers', peers });
};
for (const type of ['agentup', 'agentchanged', 'agentdown']) browser?.addEventListener(type, onAgent);

await browser?.start();
emit({ type: 'advertising' });
await advertiser?.start();
emit({ type: 'ready', instanceName: advertiser?.instanceName });

const shutdown = async () => {
  await advertiser?.stop();
  await browser?.stop();
  process.exit(0);
};
const commands = createInterface({ input: process.stdin });
commands.on('line', (command) => {
  if (command === 'stop-advertising')
    void advertiser?.stop().then(() => emit({ type: 'advertiser-stopped' }));
  if (command.startsWith('set-port ')) {
    const port = Number(command.slice('set-port '.length));
    void advertiser
      ?.update({ port })
      .then(() => emit({ type: 'updated', metadataVersion: advertiser.metadataVersion }));
  }
  if (command === 'exit') void shutdown();
});
commands.on('close', () => void shutdown());
