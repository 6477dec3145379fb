/**
 * A hostile responder for cap tests, run inside a LAN namespace: from each `--address` (repeatable: address
 * aliases of one host), announces `--count` well-formed but bogus OSP agents, then prints
 * `{"type":"flooded","count"}` and waits for stdin to close.
 *   --a-record ADDR  (repeatable) addresses the A records name, cycled; default the sending address
 *   --port N         one SRV port for all; default 1000 + i
 *   --name PREFIX    instance names are `<PREFIX> <i>`; default `bogus`
 *   --answer         also answer queries with the records, so browsers started later find them
 */
import { parseArgs } from 'node:util';
import { buildServiceRecords, encodeOspTxt, MdnsHost } from '../discovery/index.ts';

const { values } = parseArgs({
  options: {
    address: { type: 'string', multiple: true },
    count: { type: 'string', default: '500' },
    'a-record': { type: 'string', multiple: true },
    port: { type: 'string' },
    name: { type: 'string', default: 'bogus' },
    answer: { type: 'boolean', default: false },
  },
});
const addresses = values.address ?? [];
const count = Number(values.count);
const hosts = await Promise.all(addresses.map((address) => MdnsHost.acquire(address)));
let sent = 0;
for (let i = 0; i < count; i += 1) {
  for (const [a, host] of hosts.entries()) {
    const n = i * hosts.length + a;
    const fingerprint = Buffer.alloc(32, 0)
      .fill(n & 0xff, 0, 1)
      .fill(n >> 8, 1, 2)
      .toString('base64');
    const txt = encodeOspTxt({ fingerprint, metadataVersion: 1, authToken: 'floodflood' });
    const targets = values['a-record'] ?? [addresses[a] as string];
    const records = buildServiceRecords({
      instance: `${values.name} ${n}`,
      hostName: `bogus-${n}.local`,
      port: values.port === undefined ? 1000 + (n % 60000) : Number(values.port),
      txt,
      addresses: [targets[n % targets.length] as string],
      ttl: 120,
    });
    if (values.answer) host.setRecords({}, records);
    await host.announce(records);
    sent += 1;
    // Pace the burst a little so the flood is not lost to socket buffer overruns instead of hitting the cap.
    if (sent % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
process.stdout.write(`${JSON.stringify({ type: 'flooded', count: sent })}\n`);
process.stdin.resume();
process.stdin.on(
  'end',
  () => void Promise.all(hosts.map((host) => host.release())).then(() => process.exit(0)),
);
