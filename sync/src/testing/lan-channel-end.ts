/**
 * One end of `LP2PDataChannel`s between two network namespaces, run as a child program inside one of them
 * (`lan-channel-pair.ts` starts two): a real OSP session (TLS over TCP, or QUIC) to the other namespace, each
 * peer pinned by its certificate fingerprint, and on it one data channel per pair the test asks for. The channels'
 * behaviour is relayed over JSON lines — stdout: `identity`, `listening`, `connected`, `open`, `message` (base64),
 * `sent` and `buffered` (the channel's `bufferedAmount` after a send and on `bufferedamountlow`), `close`, `error`;
 * stdin: `listen`, `dial`, `open`, `send` (base64), `threshold` (its `bufferedAmountLowThreshold`), `close` — so that the sync suite's hubs, in
 * the test process, drive channels whose bytes really cross the namespaces.
 *
 * Usage: `node lan-channel-end.ts <tcp|quic> <own address> <name>`. Test code only.
 */
import { createInterface } from 'node:readline';
import {
  AgentConnection,
  type AgentInfo,
  agentFingerprint,
  createLP2PConnection,
  dialQuic,
  dialTcp,
  type LP2PConnection,
  type LP2PDataChannel,
  listenQuic,
  listenTcp,
  type Session,
} from '@offgrid/transport-lp2p/node';
import { createTestCredentials } from '@offgrid/transport-lp2p/testing';

type Command =
  | { type: 'listen'; peer: string }
  | { type: 'dial'; host: string; port: number; peer: string }
  | { type: 'open'; id: number }
  | { type: 'send'; id: number; data: string }
  | { type: 'threshold'; id: number; value: number }
  | { type: 'close'; id: number };

const [kind, address, name] = process.argv.slice(2) as ['tcp' | 'quic', string, string];
const print = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);
const credentials = await createTestCredentials(name);
const channels = new Map<number, LP2PDataChannel>();
let connection: LP2PConnection | undefined;
let requestId = 0;
const info: AgentInfo = {
  displayName: name,
  modelName: 'sync lan test',
  capabilities: [],
  stateToken: 'abcdefgh',
  locales: ['en'],
};

function connect(session: Session): void {
  const agent = new AgentConnection({
    session,
    localInfo: () => info,
    nextRequestId: () => ++requestId,
    remoteFingerprint: agentFingerprint(session.remoteCertificate),
    // Both certificates were pinned by fingerprint in the TLS handshake: authenticated as after pairing.
    authenticated: true,
  });
  connection = createLP2PConnection(agent);
  connection.addEventListener('datachannel', (event) => {
    const { channel } = event as unknown as { channel: LP2PDataChannel };
    register(Number(channel.label.replace('sync-', '')), channel);
  });
  print({ type: 'connected' });
}

function register(id: number, channel: LP2PDataChannel): void {
  channels.set(id, channel);
  channel.binaryType = 'arraybuffer';
  const opened = () => print({ type: 'open', id });
  if (channel.readyState === 'open') opened();
  else channel.addEventListener('open', opened, { once: true });
  channel.addEventListener('message', (event) => {
    const data = (event as MessageEvent).data as ArrayBuffer;
    print({ type: 'message', id, data: Buffer.from(data).toString('base64') });
  });
  channel.addEventListener('bufferedamountlow', () => {
    print({ type: 'buffered', id, buffered: channel.bufferedAmount });
  });
  channel.addEventListener('close', () => {
    channels.delete(id);
    print({ type: 'close', id });
  });
}

async function run(command: Command): Promise<void> {
  switch (command.type) {
    case 'listen': {
      const listen = kind === 'tcp' ? listenTcp : listenQuic;
      const listener = await listen({ host: address, credentials, verifyPeer: (fp) => fp === command.peer });
      print({ type: 'listening', port: listener.port });
      const { value: session } = await listener.incomingSessions.getReader().read();
      if (session) connect(session);
      return;
    }
    case 'dial': {
      const dial = kind === 'tcp' ? dialTcp : dialQuic;
      const session = await dial({
        host: command.host,
        port: command.port,
        serverName: 'agent.local',
        credentials,
        expectedFingerprint: command.peer,
        timeoutMs: 10_000,
      });
      connect(session);
      return;
    }
    case 'open':
      if (connection) register(command.id, connection.createDataChannel(`sync-${command.id}`));
      return;
    case 'send': {
      const bytes = new Uint8Array(Buffer.from(command.data, 'base64'));
      const channel = channels.get(command.id);
      channel?.send(bytes);
      print({ type: 'sent', id: command.id, bytes: bytes.length, buffered: channel?.bufferedAmount ?? 0 });
      return;
    }
    case 'threshold': {
      const channel = channels.get(command.id);
      if (channel) channel.bufferedAmountLowThreshold = command.value;
      return;
    }
    case 'close':
      channels.get(command.id)?.close();
      return;
  }
}

print({ type: 'identity', fingerprint: agentFingerprint(credentials.certificateDer) });
createInterface({ input: process.stdin }).on('line', (line) => {
  run(JSON.parse(line) as Command).catch((error: unknown) =>
    print({ type: 'error', message: String(error) }),
  );
});
process.stdin.on('end', () => process.exit(0));
