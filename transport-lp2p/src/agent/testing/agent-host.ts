/**
 * A test host process: runs one `OspAgent` (usually inside a network namespace) and is driven by JSON lines.
 *   argv: --name NAME --state-dir DIR --interface ADDR [--impersonate FINGERPRINT]
 *   stdin:  {"op":"connect","fingerprint":"…","transport":"quic"|"tcp"} | {"op":"disconnect","fingerprint":"…"}
 *           | {"op":"stats"} | {"op":"stop"}
 *   stdout: {"event":"started",…} {"event":"peers",…} {"event":"connected",…} {"event":"connect-failed",…}
 *           {"event":"incoming",…} {"event":"stats",…} {"event":"stopped"}
 * With --impersonate, the agent advertises someone else's fingerprint while presenting its own certificate.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { OspAdvertiser } from '../../discovery/index.ts';
import { OffgridError } from '../../errors/index.ts';
import type { ConnectionEvent } from '../agent-events.ts';
import { OspAgent } from '../osp-agent.ts';
import { peerRecord } from '../peer-summary.ts';

const { values } = parseArgs({
  options: {
    name: { type: 'string' },
    'state-dir': { type: 'string' },
    interface: { type: 'string' },
    impersonate: { type: 'string' },
  },
});
const emit = (event: string, data: object = {}) =>
  process.stdout.write(`${JSON.stringify({ event, ...data })}\n`);
const impostor = values.impersonate;

const agent = await OspAgent.start({
  displayName: values.name ?? 'test agent',
  stateDir: values['state-dir'] ?? '.offgrid-test',
  interfaceAddress: values.interface,
  advertise: impostor === undefined,
  // An impostor only waits to be dialled, so anything it receives came from its victim.
  browse: impostor === undefined,
});
let fakeAdvertiser: OspAdvertiser | undefined;
if (impostor) {
  fakeAdvertiser = new OspAdvertiser({
    interfaceAddress: values.interface,
    displayName: values.name ?? 'impostor',
    fingerprint: impostor,
    hostname: agent.identity.hostname,
    port: agent.quicPort,
    tcpPort: agent.tcpPort,
  });
  await fakeAdvertiser.start();
}
emit('started', { fingerprint: agent.fingerprint, quicPort: agent.quicPort, tcpPort: agent.tcpPort ?? null });

agent.addEventListener('peerschange', () => emit('peers', { peers: agent.peers().map(peerRecord) }));
let messagesOnClosedConnections = 0;
agent.addEventListener('connection', (event) => {
  const { connection } = event as ConnectionEvent;
  connection.addEventListener('close', () => {
    messagesOnClosedConnections += connection.messagesReceived;
  });
  if (connection.session.isClient) return;
  connection.addEventListener('agentinfochange', () =>
    emit('incoming', {
      remoteFingerprint: connection.remoteFingerprint,
      transport: connection.session.kind,
      remoteInfo: connection.remoteInfo,
    }),
  );
});

let stopping = false;
async function shutdown(): Promise<never> {
  if (!stopping) {
    stopping = true;
    await fakeAdvertiser?.stop();
    await agent.stop();
    emit('stopped');
  }
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown());
for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as { op: string; fingerprint?: string; transport?: 'quic' | 'tcp' };
  if (command.op === 'connect' && command.fingerprint) {
    try {
      const connection = await agent.connect(command.fingerprint, { transport: command.transport });
      emit('connected', {
        transport: connection.session.kind,
        remoteFingerprint: connection.remoteFingerprint,
        remoteInfo: connection.remoteInfo,
        verified: agent.peers().find((p) => p.fingerprint === command.fingerprint)?.verified ?? false,
      });
    } catch (error) {
      emit('connect-failed', {
        code: error instanceof OffgridError ? error.code : 'unknown',
        message: String(error),
      });
    }
  } else if (command.op === 'disconnect') {
    const open = agent.connections().filter((c) => c.remoteFingerprint === command.fingerprint);
    await Promise.all(open.map((c) => c.close()));
    emit('disconnected', { count: open.length });
  } else if (command.op === 'stats') {
    const connections = agent.connections();
    emit('stats', {
      connections: connections.length,
      messagesReceived:
        connections.reduce((sum, c) => sum + c.messagesReceived, 0) + messagesOnClosedConnections,
    });
  } else if (command.op === 'stop') {
    break;
  }
}
await shutdown();
