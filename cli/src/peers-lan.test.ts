/**
 * `offgrid peers` and `offgrid agent` against hostile LAN hosts, each device its own network namespace: a name
 * squatter that takes an honest agent's name with its own key, mDNS names carrying terminal escape sequences, and
 * A records that try to choose where agents send packets.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  createLan,
  JsonLines,
  type Lan,
  type LanHost,
  lanUnavailableReason,
  MDNS_FLOOD_SCRIPT,
  NAME_SQUATTER_SCRIPT,
} from '@offgrid/transport-lp2p/testing';
import { CliProcess, pskOf } from './testing/cli-process.ts';

const skip = lanUnavailableReason();
const WAIT_MS = 20_000;
const SQUATTER = NAME_SQUATTER_SCRIPT;
const FLOOD = MDNS_FLOOD_SCRIPT;
/** Counts UDP datagrams and distinct senders (one QUIC dial = one source port) on a port; `report` prints them. */
const UDP_COUNTER = `
const socket = require('node:dgram').createSocket('udp4');
let datagrams = 0; const senders = new Set();
socket.on('message', (_, from) => { datagrams++; senders.add(from.address + ':' + from.port); });
socket.bind(Number(process.argv[1]), '0.0.0.0', () => console.log(JSON.stringify({ event: 'bound' })));
require('node:readline').createInterface({ input: process.stdin }).on('line', () =>
  console.log(JSON.stringify({ event: 'report', datagrams, senders: [...senders] })));
`;

interface PeerRecord {
  name: string;
  verified: boolean;
  trusted: boolean;
  suspicious: string[];
  fingerprint: string;
  addresses: string[];
}

describe('offgrid peers and agent against hostile LAN hosts', { skip }, () => {
  let lan: Lan;
  let root: string;
  const running: CliProcess[] = [];
  const children: ChildProcess[] = [];

  function cli(host: LanHost, args: string[]): CliProcess {
    const process = new CliProcess(host, args);
    running.push(process);
    return process;
  }
  function spawnNode(host: LanHost, args: string[]): { child: ChildProcess; lines: JsonLines } {
    const child = host.spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
    children.push(child);
    return { child, lines: new JsonLines(child.stdout as NonNullable<ChildProcess['stdout']>) };
  }
  async function peers(host: LanHost, stateDir: string, json: boolean): Promise<string> {
    const args = ['peers', '--state-dir', stateDir, '--interface', host.address, '--wait', '2500'];
    const run = cli(host, json ? [...args, '--json'] : args);
    assert.equal(await run.exited, 0, run.lines.join('\n'));
    return run.lines.join('\n');
  }

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'offgrid-peers-'));
    lan = await createLan(3);
  });
  after(async () => {
    await Promise.all(running.map((p) => p.stop()));
    for (const child of children) child.stdin?.end();
    await lan?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('a squatter announcing an honest agent’s name is listed beside it, marked, never replacing it', async () => {
    const [lister, honestHost, squatterHost] = lan.hosts as [LanHost, LanHost, LanHost];
    const honest = cli(honestHost, [
      'agent',
      '--name',
      'Victim',
      '--state-dir',
      join(root, 'honest'),
      '--interface',
      honestHost.address,
      '--json',
    ]);
    const honestFp = (await honest.waitForEvent('started', WAIT_MS)).fingerprint as string;
    // Started after the honest agent claimed the name, so it takes it rather than being renamed by probing.
    const squatter = spawnNode(squatterHost, [
      SQUATTER,
      '--name',
      'Victim',
      '--state-dir',
      join(root, 'squatter'),
      '--interface',
      squatterHost.address,
    ]);
    const squatterFp = (await squatter.lines.waitFor((l) => l.event === 'started', WAIT_MS))
      .fingerprint as string;

    // Nobody paired yet: both are shown, both flagged, since nothing tells which one owns the name.
    const before = JSON.parse(await peers(lister, join(root, 'lister'), true)) as PeerRecord[];
    const honestBefore = before.find((p) => p.fingerprint === honestFp);
    const squatterBefore = before.find((p) => p.fingerprint === squatterFp);
    assert.equal(honestBefore?.name, 'Victim', JSON.stringify(before));
    assert.deepEqual(honestBefore?.addresses, [honestHost.address]);
    assert.equal(squatterBefore?.name, 'Victim');
    assert.deepEqual(squatterBefore?.addresses, [squatterHost.address]);
    assert.ok(honestBefore?.suspicious.includes('duplicate-name'));
    assert.ok(squatterBefore?.suspicious.includes('duplicate-name'));

    // The lister pairs with the honest agent (PSK carried from its output, as a person would).
    const pair = cli(lister, [
      'pair',
      honestFp,
      '--state-dir',
      join(root, 'lister'),
      '--interface',
      lister.address,
    ]);
    pair.write(pskOf(await honest.waitForLine((l) => l.startsWith('PSK: '), WAIT_MS)));
    assert.equal(await pair.exited, 0, pair.lines.join('\n'));

    const listed = JSON.parse(await peers(lister, join(root, 'lister'), true)) as PeerRecord[];
    const genuine = listed.find((p) => p.fingerprint === honestFp);
    const impostor = listed.find((p) => p.fingerprint === squatterFp);
    assert.deepEqual(
      { verified: genuine?.verified, trusted: genuine?.trusted, suspicious: genuine?.suspicious },
      { verified: true, trusted: true, suspicious: [] },
    );
    assert.equal(impostor?.name, 'Victim');
    assert.equal(impostor?.verified, false, 'its own agent-info does not verify a trusted agent’s name');
    assert.equal(impostor?.trusted, false);
    assert.ok(impostor?.suspicious.includes('similar-to-trusted'), JSON.stringify(impostor));

    const table = (await peers(lister, join(root, 'lister'), false)).split('\n');
    const genuineRow = table.find((line) => line.includes(honestFp)) ?? '';
    const impostorRow = table.find((line) => line.includes(squatterFp)) ?? '';
    assert.match(genuineRow, /^Victim {2}/);
    assert.match(impostorRow, /^Victim \(unverified\) \[SUSPICIOUS: similar-to-trusted, duplicate-name\]/);
    await honest.stop();
    squatter.child.stdin?.end();
  });

  it('names with terminal escape sequences are printed escaped, and exact in --json', async () => {
    const [lister, , flooder] = lan.hosts as [LanHost, LanHost, LanHost];
    const hostile = 'Evil\x1b]0;owned\x07\x1b[31m\u202e';
    const flood = spawnNode(flooder, [
      FLOOD,
      '--address',
      flooder.address,
      '--count',
      '2',
      '--name',
      hostile,
      '--answer',
    ]);
    await flood.lines.waitFor((l) => l.type === 'flooded', WAIT_MS);
    const table = await peers(lister, join(root, 'escapes'), false);
    assert.doesNotMatch(table.replaceAll('\n', ''), /[\p{Cc}\p{Cf}]/u, JSON.stringify(table));
    assert.match(table, /Evil\\x1b\]0;owned\\x07\\x1b\[31m\\u\{202e\} 0 \(unverified\)/);
    const json = await peers(lister, join(root, 'escapes'), true);
    assert.doesNotMatch(json, /[\p{Cc}\p{Cf}]/u);
    const names = (JSON.parse(json) as PeerRecord[]).map((p) => p.name).sort();
    assert.deepEqual(names, [`${hostile} 0`, `${hostile} 1`]);
    flood.child.stdin?.end();
  });

  it('A records cannot point an agent at loopback, broadcast, multicast or off-link hosts; dials are rate-limited', async (t) => {
    const [watcher, target, flooder] = lan.hosts as [LanHost, LanHost, LanHost];
    const port = '45999';
    const local = spawnNode(watcher, ['-e', UDP_COUNTER, port]);
    const remote = spawnNode(target, ['-e', UDP_COUNTER, port]);
    await Promise.all([local, remote].map((c) => c.lines.waitFor((l) => l.event === 'bound', WAIT_MS)));
    const agent = cli(watcher, [
      'agent',
      '--name',
      'Watcher',
      '--state-dir',
      join(root, 'watcher'),
      '--interface',
      watcher.address,
      '--json',
    ]);
    await agent.waitForEvent('started', WAIT_MS);
    const broadcast = watcher.address.replace(/\.\d+$/, '.255');
    const refused = ['127.0.0.1', '0.0.0.0', '255.255.255.255', '8.8.8.8', '224.0.0.251', broadcast];
    const onTarget = Array.from({ length: 10 }, () => target.address);
    const aRecords = [...refused, ...onTarget].flatMap((a) => ['--a-record', a]);
    // 16 bogus agents, 6 naming refused addresses, 10 the target host: 58 records, within the flooder's quota.
    const flood = spawnNode(flooder, [
      FLOOD,
      '--address',
      flooder.address,
      '--count',
      '16',
      '--port',
      port,
      ...aRecords,
    ]);
    await flood.lines.waitFor((l) => l.type === 'flooded', WAIT_MS);
    const mark = agent.lines.length;
    const listed = await agent.waitForEvent('peers', WAIT_MS, mark);
    const firstListedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 6000));

    const latest = [...agent.lines].reverse().find((l) => l.startsWith('{"event":"peers"')) ?? '';
    const bogus = (JSON.parse(latest).peers as PeerRecord[]).filter((p) => p.name.startsWith('bogus'));
    assert.ok(listed, 'the agent printed a peer list');
    assert.equal(bogus.length, 10, `only the 10 agents on the target host: ${latest.slice(0, 400)}`);
    for (const peer of bogus) assert.deepEqual(peer.addresses, [target.address]);

    const report = async (counter: { child: ChildProcess; lines: JsonLines }) => {
      const since = counter.lines.count;
      counter.child.stdin?.write('report\n');
      return counter.lines.waitFor((l) => l.event === 'report', WAIT_MS, { since });
    };
    const atWatcher = await report(local);
    assert.equal(atWatcher.datagrams, 0, 'nothing sent to loopback or 0.0.0.0');
    const atTarget = await report(remote);
    const dials = (atTarget.senders as string[]).length;
    // Ten agents name the target; two dials per address per 10 s are allowed, and the window is ~6 s.
    const elapsed = Date.now() - firstListedAt;
    t.diagnostic(`${dials} dials, ${atTarget.datagrams} datagrams to the target in ${elapsed} ms`);
    assert.ok(dials >= 1 && dials <= 2, `${dials} dials to the target in ${elapsed} ms`);
    await agent.stop();
    flood.child.stdin?.end();
  });
});
