import { OspAgent } from '../agent/osp-agent.ts';
import { parseInterface, parseOptions, parsePort, UsageError } from './cli-options.ts';
import { formatPeerTable, peerRecord } from './format-peers.ts';

/**
 * `offgrid agent --name NAME --state-dir DIR [--interface ADDR] [--port N] [--json]`: advertises and browses until
 * SIGINT/SIGTERM, then says goodbye on mDNS. With `--json`, prints one JSON object per line (`started`, `peers`).
 */
export async function runAgentCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {
    name: { type: 'string' },
    'state-dir': { type: 'string' },
    interface: { type: 'string' },
    port: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (!values.name) throw new UsageError('agent needs --name NAME');
  if (!values['state-dir']) throw new UsageError('agent needs --state-dir DIR');
  const agent = await OspAgent.start({
    displayName: values.name,
    stateDir: values['state-dir'],
    interfaceAddress: parseInterface(values.interface),
    port: parsePort(values.port),
  });
  const json = values.json === true;
  const tcp = agent.tcpPort === undefined ? '' : `, TLS/TCP port ${agent.tcpPort}`;
  console.log(
    json
      ? JSON.stringify({
          event: 'started',
          name: values.name,
          fingerprint: agent.fingerprint,
          quicPort: agent.quicPort,
          tcpPort: agent.tcpPort ?? null,
        })
      : `agent "${values.name}" fingerprint ${agent.fingerprint}\nlistening: QUIC port ${agent.quicPort}${tcp}`,
  );

  let pending: NodeJS.Timeout | undefined;
  const printPeers = () => {
    const peers = agent.peers();
    console.log(
      json ? JSON.stringify({ event: 'peers', peers: peers.map(peerRecord) }) : `\n${formatPeerTable(peers)}`,
    );
  };
  agent.addEventListener('peerschange', () => {
    // Discovery and verification arrive in bursts; print the settled list once.
    clearTimeout(pending);
    pending = setTimeout(printPeers, 50);
  });

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  clearTimeout(pending);
  await agent.stop();
  if (json) console.log(JSON.stringify({ event: 'stopped' }));
  return 0;
}
