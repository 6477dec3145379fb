/**
 * A hostile responder for cap tests, run inside a LAN namespace: announces `--count` well-formed but bogus
 * OSP agents from one address, then prints `{"type":"flooded","count"}` and waits for stdin to close.
 */
import { parseArgs } from 'node:util';
import { buildServiceRecords, encodeOspTxt, MdnsHost } from '../discovery/index.ts';

const { values } = parseArgs({
  options: { address: { type: 'string' }, count: { type: 'string', default: '500' } },
});
const address = values.address;
const count = Number(values.count);
const host = await MdnsHost.acquire(address);
for (let i = 0; i < count; i += 1) {
  const fingerprint = Buffer.alloc(32, 0)
    .fill(i & 0xff, 0, 1)
    .fill(i >> 8, 1, 2)
    .toString('base64');
  const txt = encodeOspTxt({ fingerprint, metadataVersion: 1, authToken: 'floodflood' });
  const records = buildServiceRecords({
    instance: `bogus ${i}`,
    hostName: `bogus-${i}.local`,
    port: 1000 + (i % 60000),
    txt,
    addresses: address ? [address] : [],
    ttl: 120,
  });
  await host.announce(records);
  // Pace the burst a little so the flood is not lost to socket buffer overruns instead of hitting the cap.
  if (i % 20 === 19) await new Promise((resolve) => setTimeout(resolve, 5));
}
process.stdout.write(`${JSON.stringify({ type: 'flooded', count })}\n`);
process.stdin.resume();
process.stdin.on('end', () => void host.release().then(() => process.exit(0)));
