/**
 * A receiver process for the group-push bench. Prints `{"ready", fingerprint, port}`; then reads JSON lines:
 * `{"expect": [fp…]}` (sessions it accepts), `{"dial": [{fingerprint, port}…]}` (peers it dials, printing
 * `{"dialled"}`), `{"cpu": true}` (prints `{"cpu", ms}`: CPU time used so far, user and system). It accepts every push (chunks in memory, or in a `FilePushStore` under `--store DIR`) and
 * prints `{"received", name, sha256}` for each, then discards it. A channel labelled `bench` is a plain sink:
 * it answers each 8-byte message (a byte count) with the same bytes once that many bytes have arrived.
 */
import { createInterface } from 'node:readline';
import { GroupPush, MemoryPushStore } from '@offgrid/sync';
import { FilePushStore, nodeWholeHash } from '@offgrid/sync/node';
import type { LP2PDataChannel } from '@offgrid/transport-lp2p/node';
import { startPushNode } from './push-node.ts';

const storeAt = process.argv.indexOf('--store');
const out = (value: object) => process.stdout.write(`${JSON.stringify(value)}\n`);
let push: GroupPush | undefined;

const node = await startPushNode(`peer-${process.pid}`, (fingerprint, channel) =>
  attach(fingerprint, channel),
);
push = new GroupPush({
  id: node.fingerprint,
  store: storeAt > 0 ? new FilePushStore(process.argv[storeAt + 1] as string) : new MemoryPushStore(),
  wholeHash: nodeWholeHash,
  accept: () => true,
  onReceived: (received) => {
    out({ event: 'received', name: received.offer.name, sha256: received.offer.sha256 });
    void received.discard();
  },
  onReceiveFailed: (offer, error) => out({ event: 'failed', name: offer.name, code: error.code }),
});

function attach(fingerprint: string, channel: LP2PDataChannel): void {
  if (channel.label === 'bench') sink(channel);
  else push?.addPeer(fingerprint, channel);
}

function sink(channel: LP2PDataChannel): void {
  channel.binaryType = 'arraybuffer';
  let received = 0;
  let expected = Number.POSITIVE_INFINITY;
  let ask: ArrayBuffer | undefined;
  channel.onmessage = (event) => {
    const data = event.data as ArrayBuffer;
    if (data.byteLength === 8) {
      ask = data;
      expected = Number(new DataView(data).getBigUint64(0));
    } else received += data.byteLength;
    if (ask && received >= expected) {
      channel.send(ask);
      received = 0;
      expected = Number.POSITIVE_INFINITY;
      ask = undefined;
    }
  };
}

out({ event: 'ready', fingerprint: node.fingerprint, port: node.port });
for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as {
    expect?: string[];
    dial?: Array<{ fingerprint: string; port: number }>;
    cpu?: boolean;
  };
  if (command.cpu) {
    const { user, system } = process.cpuUsage();
    out({ event: 'cpu', ms: (user + system) / 1000 });
  }
  if (command.expect) node.expect(command.expect);
  if (command.dial) {
    for (const peer of command.dial) attach(peer.fingerprint, await node.dial(peer.fingerprint, peer.port));
    out({ event: 'dialled' });
  }
}
push.close();
// Sessions close in the background; nothing is left to say.
await Promise.race([node.close(), new Promise((resolve) => setTimeout(resolve, 1000))]);
process.exit(0);
