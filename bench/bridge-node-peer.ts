/**
 * The Node side of the bridge benchmark (bench/suites/bridge.ts): the same data-channel transfer as the pages do,
 * between two Node LP2P programs on the same two devices, as the baseline. `sink` receives and answers `done` after
 * each burst; `source` asks for the sink by name, says `source: ready` once its channel is open, then sends a burst
 * of 1 MiB messages for each `burst` line on stdin and prints one JSON line per burst.
 * PSKs go out as `PSK: …` lines and come in on stdin.
 *
 * Usage: node bridge-node-peer.ts sink|source BYTES BURSTS   (OFFGRID_NAME, OFFGRID_STATE_DIR, OFFGRID_INTERFACE)
 */
import {
  configureLocalPeerManager,
  LineInput,
  type LP2PDataChannel,
  LP2PReceiver,
  LP2PRequest,
  ProgrammaticPromptDelegate,
} from '@offgrid/transport-lp2p/node';

const [mode, bytesText, burstsText] = process.argv.slice(2);
const bytes = Number(bytesText);
const bursts = Number(burstsText);
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
  const message = new Uint8Array(MiB).fill(0x5a);
  console.log('source: ready');
  for (let burst = 0; burst < bursts; burst++) {
    await lines.read('');
    const ms = await sendBurst(channel, message);
    console.log(JSON.stringify({ burst, mbPerSecond: bytes / 1e6 / (ms / 1000) }));
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
