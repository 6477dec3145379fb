/**
 * QUIC between two network namespaces over a veth bridge (1500-byte MTU, so 1452-byte datagrams): bursts
 * of concurrent echo streams must all end, on a clean link and on one that drops packets; RFC 9221 datagrams
 * cross it sized to the path, and are not retransmitted when packets are lost.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { JsonLines } from '../testing/json-lines.ts';
import { createLan, type Lan, type LanHost, lanUnavailableReason } from '../testing/lan.ts';

const skip = lanUnavailableReason();
const node = new URL('./testing/quic-lan-node.ts', import.meta.url).pathname;
const lossPercent = 2;

interface Line {
  readonly type: string;
  readonly maxSize?: number;
  readonly sent?: number;
  readonly echoed?: number;
  readonly port?: number;
  readonly fingerprint?: string;
  readonly round?: number;
  readonly rttMs?: number;
}

interface Server {
  readonly address: string;
  readonly port: number;
  readonly fingerprint: string;
}

let lan: Lan;
let clean: Server;
let lossy: Server;
before(async () => {
  if (skip) return;
  lan = await createLan(2);
  [clean, lossy] = await Promise.all([serve(0), serve(lossPercent)]);
});
after(() => lan?.close());

/** Starts an echo server on host 1 that drops `loss` % of the datagrams it sends. */
async function serve(loss: number): Promise<Server> {
  const host = lan.hosts[1] as LanHost;
  const child = host.spawn(process.execPath, [node, 'serve', host.address, String(loss)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = await new JsonLines<Line>(child.stdout as NonNullable<typeof child.stdout>).waitFor(
    (line) => line.type === 'listening',
    10_000,
  );
  return { address: host.address, port: ready.port ?? 0, fingerprint: ready.fingerprint ?? '' };
}

/** Runs a burst client on host 0; resolves with its last line. */
async function burst(
  server: Server,
  options: { lossPercent: number; rounds: number; count: number; bytes: number; deadlineMs: number },
) {
  const client = (lan.hosts[0] as LanHost).spawn(
    process.execPath,
    [node, 'burst', server.address, String(server.port), server.fingerprint, JSON.stringify(options)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = new JsonLines<Line>(client.stdout as NonNullable<typeof client.stdout>);
  const timeoutMs = options.rounds * options.deadlineMs + 10_000;
  return lines.waitFor((line) => line.type === 'done' || line.type === 'stalled', timeoutMs);
}

it('ends every echo of 20 concurrent 1 KB streams across namespaces, 10 bursts', { skip }, async () => {
  const last = await burst(clean, { lossPercent: 0, rounds: 10, count: 20, bytes: 1000, deadlineMs: 3000 });
  assert.equal(last.type, 'done', `stalled in round ${last.round}`);
  assert.ok(last.rttMs !== undefined && last.rttMs >= 0, 'QUIC sessions report rttMs');
});

it('ends every echo of 100 concurrent 100-byte streams across namespaces, 3 bursts', { skip }, async () => {
  const last = await burst(clean, { lossPercent: 0, rounds: 3, count: 100, bytes: 100, deadlineMs: 3000 });
  assert.equal(last.type, 'done', `stalled in round ${last.round}`);
});

it(`ends every echo with ${lossPercent}% of datagrams lost each way`, { skip }, async () => {
  const last = await burst(lossy, { lossPercent, rounds: 5, count: 20, bytes: 1000, deadlineMs: 10_000 });
  assert.equal(last.type, 'done', `stalled in round ${last.round}`);
});

/** Runs the datagram client on host 0; resolves with its report. */
async function datagramEcho(server: Server, options: { lossPercent: number; count: number }) {
  const client = (lan.hosts[0] as LanHost).spawn(
    process.execPath,
    [node, 'datagrams', server.address, String(server.port), server.fingerprint, JSON.stringify(options)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = new JsonLines<Line>(client.stdout as NonNullable<typeof client.stdout>);
  return lines.waitFor((line) => line.type === 'datagrams', 20_000);
}

it('datagrams fit a 1500-byte packet and all come back on a clean link', { skip }, async () => {
  const report = await datagramEcho(clean, { lossPercent: 0, count: 300 });
  const maxSize = report.maxSize ?? 0;
  assert.ok(maxSize > 1200 && maxSize < 1452, `maxSize ${maxSize}`);
  assert.equal(report.echoed, report.sent);
});

it(`datagrams lost with ${lossPercent}% of packets each way are not sent again`, { skip }, async () => {
  const report = await datagramEcho(lossy, { lossPercent, count: 300 });
  const echoed = report.echoed ?? 0;
  // About 4 % of round trips lose a packet; a retransmitting transport would bring every one back.
  assert.ok(echoed < 300, 'some datagrams are lost for good');
  assert.ok(echoed > 240, `only ${echoed} of 300 came back`);
});
