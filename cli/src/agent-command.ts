import type { ConnectionEvent, PairingEvent } from '@offgrid/transport-lp2p/node';
import {
  defaultAuthCapabilities,
  LocalBridge,
  OspAgent,
  PromptBoard,
  peerRecord,
  TerminalPromptDelegate,
  terminalSafe,
  terminalSafeJson,
  UiPromptDelegate,
} from '@offgrid/transport-lp2p/node';
import {
  isInteractive,
  parseInterface,
  parseOptions,
  parsePort,
  parsePskEase,
  UsageError,
} from './cli-options.ts';
import { formatPeerTable } from './format-peers.ts';

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
    'psk-ease': { type: 'string' },
    'ui-port': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (!values.name) throw new UsageError('agent needs --name NAME');
  if (!values['state-dir']) throw new UsageError('agent needs --state-dir DIR');
  const port = parsePort(values.port);
  const interfaceAddress = parseInterface(values.interface);
  const interactive = isInteractive();
  const pskEaseOfInput = parsePskEase(values['psk-ease'], interactive ? 50 : 0);
  // With --ui-port, prompts go to the trusted UI of the loopback bridge (issue 12) instead of the terminal.
  const uiPort = parsePort(values['ui-port']);
  const board = uiPort === undefined ? undefined : new PromptBoard();
  const terminal = board
    ? undefined
    : new TerminalPromptDelegate({ input: process.stdin, output: process.stdout, interactive });
  const ui = board ? new UiPromptDelegate(board) : undefined;
  const prompt = ui ?? (terminal as TerminalPromptDelegate);
  const agent = await OspAgent.start({
    displayName: values.name,
    stateDir: values['state-dir'],
    interfaceAddress,
    port,
    prompt,
    // Headless, nobody can type a PSK here: ease 0 makes this agent the presenter (osp-network §Authentication).
    authCapabilities: { ...defaultAuthCapabilities, pskEaseOfInput },
  });
  const json = values.json === true;
  const bridge =
    ui && board ? await LocalBridge.start({ agent, prompt: ui, board, port: uiPort }) : undefined;
  const note = (event: string, data: Record<string, unknown>, text: string) =>
    console.log(json ? terminalSafeJson({ event, ...data }) : terminalSafe(text));
  agent.addEventListener('connection', (event) => {
    const { connection } = event as ConnectionEvent;
    note(
      'connection',
      { fingerprint: connection.remoteFingerprint, transport: connection.session.kind },
      `connection from ${connection.remoteFingerprint} over ${connection.session.kind}`,
    );
    const report = () =>
      note(
        'authenticated',
        { fingerprint: connection.remoteFingerprint, transport: connection.session.kind },
        `authenticated connection with ${connection.remoteFingerprint}`,
      );
    if (connection.authenticated) report();
    else connection.addEventListener('authenticated', report, { once: true });
  });
  for (const type of ['paired', 'pairingfailed']) {
    agent.addEventListener(type, (event) => {
      const { fingerprint, error } = event as PairingEvent;
      note(
        type,
        { fingerprint, code: error?.code ?? null },
        error ? `pairing with ${fingerprint} failed: ${error.code}` : `paired with ${fingerprint}`,
      );
    });
  }
  const tcp = agent.tcpPort === undefined ? '' : `, TLS/TCP port ${agent.tcpPort}`;
  console.log(
    json
      ? terminalSafeJson({
          event: 'started',
          name: values.name,
          fingerprint: agent.fingerprint,
          quicPort: agent.quicPort,
          tcpPort: agent.tcpPort ?? null,
        })
      : `agent "${terminalSafe(values.name)}" fingerprint ${agent.fingerprint}\nlistening: QUIC port ${agent.quicPort}${tcp}`,
  );

  if (bridge) console.log(json ? JSON.stringify({ event: 'ui', url: bridge.uiUrl }) : `ui: ${bridge.uiUrl}`);

  let pending: NodeJS.Timeout | undefined;
  const printPeers = () => {
    const peers = agent.peers();
    console.log(
      json
        ? terminalSafeJson({ event: 'peers', peers: peers.map(peerRecord) })
        : `\n${formatPeerTable(peers)}`,
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
  terminal?.close();
  await bridge?.close();
  await agent.stop();
  if (json) console.log(JSON.stringify({ event: 'stopped' }));
  return 0;
}
