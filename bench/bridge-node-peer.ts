/**
 * The Node side of the bridge benchmark (bench/suites/bridge.ts): the same transfers as the pages do, between two
 * Node LP2P programs on the same two devices, as the baseline. `sink` receives and answers `done` after each
 * data-channel burst, and answers each WebTransport stream with its byte count (`quic-transport-burst.ts`);
 * `source` asks for the sink by name, says `source: ready` once its channel and its `LP2PQuicTransport` on the same
 * connection are open, then for each stdin line `burst` sends BYTES on the channel in 1 MiB messages, and for each
 * line `qburst N` sends N bytes on a new WebTransport stream; one JSON line per burst.
 * PSKs go out as `PSK: …` lines and come in on stdin.
 *
 * Usage: node bridge-node-peer.ts sink|source BYTES   (OFFGRID_NAME, OFFGRID_STATE_DIR, OFFGRID_INTERFACE)
 */
import {
  configureLocalPeerManager,
  LineInput,
  type LP2PDataChannel,
  LP2PQuicTransport,
  LP2PReceiver,
  LP2PRequest,
  ProgrammaticPromptDelegate,
} from '@offgrid/transport-lp2p/node';
import { QUIC_BURST_SOURCE, QUIC_SINK_SOURCE } from './quic-transport-burst.ts';

const [mode, bytesText] = process.argv.slice(2);
const bytes = Number(bytesText);
// The same source text the page evaluates, so both sides run one implementation.
const quicSink = new Function(`return ${QUIC_SINK_SOURCE}`)() as (t: LP2PQuicTransport) => Promise<void>;
const quicBurst = new Function(`return ${QUIC_BURST_SOURCE}`)() as (
  t: LP2PQuicTransport,
  bytes: number,
) => Promise<number>;
const lines = new LineInput(process.stdin);
configureLocalPeerManager({
  origin: 'https://bench.test',
  discoveryWaitMs: 2500,
  prompt: new ProgrammaticPromptDelegate({
    onShowPsk: (psk) => console.log(`PSK: ${psk.numeric}`),
    providePsk: (_peer, signal) => lines.read('', signal),
    choosePeer: (peers) => peers.find((peer) => peer.name === 'Bench sink')?.fingerprint,
  }),
  agent: {
    displayName: process.env.OFFGRID_NAME ?? 'bench',
    stateDir: process.env.OFFGRID_STATE_DIR ?? '.offgrid-bench',
    interfaceAddress: process.env.OFFGRID_INTERFACE,
  },
});

const MiB = 1024 * 1024;

if (mode === 'sink') {
  const receiver = new LP2PReceiver({ nickname: 'sink' });
  receiver.onconnection = ({ connection }) => {
    void quicSink(new LP2PQuicTransport(connection)).catch(() => {});
    connection.ondatachannel = ({ channel }) => {
      let received = 0;
      channel.onmessage = ({ data }) => {
        received += (data as ArrayBuffer).byteLength;
        if (received >= bytes) {
          received -= bytes;
          channel.send('done');
        }
      };
    };
  };
  await receiver.start();
  console.log('sink: discoverable');
} else {
  const connection = await new LP2PRequest({ nickname: 'source' }).start();
  const channel = connection.createDataChannel('bulk');
  await new Promise((resolve) => {
    channel.onopen = resolve;
  });
  const transport = new LP2PQuicTransport(connection);
  await transport.ready;
  const message = new Uint8Array(MiB).fill(0x5a);
  console.log('source: ready');
  let burst = 0;
  let qburst = 0;
  for (;;) {
    const line = await lines.read('').catch(() => undefined);
    if (line === undefined) break;
    if (line.startsWith('qburst ')) {
      const mbPerSecond = await quicBurst(transport, Number(line.slice(7)));
      console.log(JSON.stringify({ qburst: qburst++, mbPerSecond }));
    } else {
      const ms = await sendBurst(channel, message);
      console.log(JSON.stringify({ burst: burst++, mbPerSecond: bytes / 1e6 / (ms / 1000) }));
    }
  }
  await connection.close();
}

/** Sends `bytes` in messages of `message`, keeping at most 8 MiB buffered; resolves with the time until `done`. */
async function sendBurst(channel: LP2PDataChannel, message: Uint8Array): Promise<number> {
  const done = new Promise((resolve) => {
    channel.onmessage = resolve;
  });
  channel.bufferedAmountLowThreshold = 4 * MiB;
  const started = performance.now();
  for (let sent = 0; sent < bytes; sent += message.byteLength) {
    if (channel.bufferedAmount > 8 * MiB) {
      await new Promise((resolve) => {
        channel.onbufferedamountlow = resolve;
      });
    }
    channel.send(message);
  }
  await done;
  return performance.now() - started;
}
