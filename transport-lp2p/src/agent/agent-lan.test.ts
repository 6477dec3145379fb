/**
 * The OSP agent core end to end, each agent its own process in its own network namespace on a private bridge:
 * discovery through the real `offgrid agent` command, QUIC and TLS/TCP sessions with pinned fingerprints and
 * agent-info exchange, and an impostor that advertises another agent's fingerprint.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { JsonLines } from '../testing/json-lines.ts';
import { createLan, type Lan, type LanHost, lanUnavailableReason } from '../testing/lan.ts';

const skip = lanUnavailableReason();
const CLI = join(import.meta.dirname, '../../../node_modules/.bin/offgrid'); // the installed `offgrid` command (@offgrid/cli)
const AGENT_HOST = join(import.meta.dirname, 'testing/agent-host.ts');
/** Bound for process start-up on a loaded 2-core machine; the 2 s claims are checked on timestamps. */
const WAIT_MS = 15_000;

interface PeerLine {
  name: string;
  verified: boolean;
  fingerprint: string;
  port: number;
  tcpPort: number | null;
  addresses: string[];
  transports: string[];
}
interface Line {
  event: string;
  fingerprint?: string;
  quicPort?: number;
  tcpPort?: number | null;
  peers?: PeerLine[];
  remoteFingerprint?: string;
  remoteInfo?: { displayName: string };
  transport?: string;
  verified?: boolean;
  code?: string;
  messagesReceived?: number;
  connections?: number;
}

interface Running {
  readonly child: ChildProcess;
  readonly lines: JsonLines<Line>;
  readonly host: LanHost;
  fingerprint: string;
  quicPort: number;
  startedAt: number;
}

let stateRoot: string;
const children: ChildProcess[] = [];

async function start(host: LanHost, script: string, args: string[]): Promise<Running> {
  const child = host.spawn(process.execPath, [script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  const lines = new JsonLines<Line>(child.stdout as NonNullable<ChildProcess['stdout']>);
  const started = await lines.waitFor((l) => l.event === 'started', WAIT_MS);
  return {
    child,
    lines,
    host,
    fingerprint: started.fingerprint as string,
    quicPort: started.quicPort as number,
    startedAt: Date.now(),
  };
}

function runCliAgent(host: LanHost, name: string): Promise<Running> {
  const dir = join(stateRoot, name);
  return start(host, CLI, [
    'agent',
    '--name',
    name,
    '--state-dir',
    dir,
    '--interface',
    host.address,
    '--json',
  ]);
}

function runHost(host: LanHost, name: string, extra: string[] = [], stateName = name): Promise<Running> {
  const dir = join(stateRoot, stateName);
  return start(host, AGENT_HOST, ['--name', name, '--state-dir', dir, '--interface', host.address, ...extra]);
}

function send(agent: Running, command: object): void {
  agent.child.stdin?.write(`${JSON.stringify(command)}\n`);
}

async function stop(agent: Running): Promise<void> {
  if (agent.child.exitCode !== null) return;
  const exited = new Promise((resolve) => agent.child.once('exit', resolve));
  agent.child.kill('SIGTERM');
  await exited;
}

describe('OSP agents on a LAN of network namespaces', { skip }, () => {
  let lan: Lan;
  before(async () => {
    stateRoot = await mkdtemp(join(tmpdir(), 'offgrid-lan-'));
    lan = await createLan(4);
  });
  after(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await lan?.close();
    await rm(stateRoot, { recursive: true, force: true });
  });

  it('three `offgrid agent`s list each other within 2 s, and a stopped one disappears within 2 s', async () => {
    const hosts = lan.hosts.slice(0, 3) as LanHost[];
    const agents = await Promise.all(hosts.map((host, i) => runCliAgent(host, `Agent ${i}`)));
    const allStarted = Math.max(...agents.map((a) => a.startedAt));
    for (const agent of agents) {
      const others = agents.filter((a) => a !== agent);
      const line = await agent.lines.waitFor(
        (l) =>
          l.event === 'peers' &&
          others.every((o) => l.peers?.some((p) => p.fingerprint === o.fingerprint && p.port === o.quicPort)),
        WAIT_MS,
      );
      assert.ok(Date.now() - allStarted < 2000, `listed after ${Date.now() - allStarted} ms`);
      for (const other of others) {
        const peer = line.peers?.find((p) => p.fingerprint === other.fingerprint);
        assert.deepEqual(peer?.addresses, [other.host.address]);
        assert.deepEqual(peer?.transports, ['quic', 'tcp']);
      }
    }
    // Names become verified once agent-info arrived over a session pinned to the advertised fingerprint.
    await agents[0]?.lines.waitFor(
      (l) => l.event === 'peers' && (l.peers ?? []).filter((p) => p.verified).length === 2,
      WAIT_MS,
    );

    // `offgrid peers` from a fourth host lists all three, names verified over pinned sessions.
    const lister = lan.hosts[3] as LanHost;
    const peers = lister.spawn(
      process.execPath,
      [CLI, 'peers', '--json', '--state-dir', join(stateRoot, 'lister'), '--interface', lister.address],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(peers);
    let output = '';
    peers.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    const exitCode = await new Promise((resolve) => peers.once('exit', resolve));
    assert.equal(exitCode, 0);
    const listed = JSON.parse(output) as PeerLine[];
    for (const [i, agent] of agents.entries()) {
      const peer = listed.find((p) => p.fingerprint === agent.fingerprint);
      assert.ok(peer, `Agent ${i} listed`);
      assert.equal(peer.name, `Agent ${i}`);
      assert.equal(peer.verified, true);
      assert.equal(peer.port, agent.quicPort);
      assert.deepEqual(peer.addresses, [agent.host.address]);
    }

    const [first, second, third] = agents as [Running, Running, Running];
    const marks = [first.lines.count, second.lines.count];
    const stoppedAt = Date.now();
    await stop(third);
    for (const [index, agent] of [first, second].entries()) {
      await agent.lines.waitFor(
        (l) => l.event === 'peers' && !(l.peers ?? []).some((p) => p.fingerprint === third.fingerprint),
        WAIT_MS,
        { since: marks[index] },
      );
      assert.ok(Date.now() - stoppedAt < 2000, `gone after ${Date.now() - stoppedAt} ms`);
    }
    await Promise.all([stop(first), stop(second)]);
  });

  it('A connects to B over QUIC and over TCP: fingerprints verified both ways, agent-info exchanged', async () => {
    const [hostA, hostB] = lan.hosts as [LanHost, LanHost];
    const a = await runHost(hostA, 'Host A');
    const b = await runHost(
      hostB,
      'Host B with a rather long display name that will not fit in one DNS label',
    );
    await a.lines.waitFor(
      (l) => l.event === 'peers' && (l.peers ?? []).some((p) => p.fingerprint === b.fingerprint),
      WAIT_MS,
    );
    for (const transport of ['quic', 'tcp']) {
      const mark = b.lines.count;
      const markA = a.lines.count;
      send(a, { op: 'connect', fingerprint: b.fingerprint, transport });
      const connected = await a.lines.waitFor(
        (l) => l.event === 'connected' || l.event === 'connect-failed',
        WAIT_MS,
        {
          since: markA,
        },
      );
      assert.equal(connected.event, 'connected', JSON.stringify(connected));
      assert.equal(connected.transport, transport);
      assert.equal(connected.remoteFingerprint, b.fingerprint);
      assert.match(connected.remoteInfo?.displayName ?? '', /^Host B with a rather long display name/);
      assert.equal(
        connected.verified,
        true,
        'truncated instance name verified as a prefix of the display name',
      );
      const incoming = await b.lines.waitFor(
        (l) => l.event === 'incoming' && l.transport === transport && l.remoteFingerprint === a.fingerprint,
        WAIT_MS,
        { since: mark },
      );
      assert.equal(incoming.remoteInfo?.displayName, 'Host A');
      // A reuses the open connection for the same peer; drop it so the next transport dials anew.
      const markDisconnect = a.lines.count;
      send(a, { op: 'disconnect', fingerprint: b.fingerprint });
      await a.lines.waitFor((l) => l.event === 'disconnected', WAIT_MS, { since: markDisconnect });
    }
    await Promise.all([stop(a), stop(b)]);
  });

  it('an impostor advertising B’s fingerprint with its own certificate is refused before any message', async () => {
    const [hostA, hostB, hostC] = lan.hosts as [LanHost, LanHost, LanHost];
    const b = await runHost(hostB, 'Honest B');
    await stop(b);
    // Same display name, its own state directory and so its own key and certificate.
    const impostor = await runHost(hostC, 'Honest B', ['--impersonate', b.fingerprint], 'Impostor');
    const a = await runHost(hostA, 'Victim A');
    await a.lines.waitFor(
      (l) =>
        l.event === 'peers' &&
        (l.peers ?? []).some((p) => p.fingerprint === b.fingerprint && p.addresses[0] === hostC.address),
      WAIT_MS,
    );
    for (const transport of ['quic', 'tcp']) {
      const mark = a.lines.count;
      send(a, { op: 'connect', fingerprint: b.fingerprint, transport });
      const result = await a.lines.waitFor(
        (l) => l.event === 'connected' || l.event === 'connect-failed',
        WAIT_MS,
        { since: mark },
      );
      assert.equal(result.event, 'connect-failed');
      assert.equal(result.code, 'fingerprint-mismatch');
    }
    send(impostor, { op: 'stats' });
    const stats = await impostor.lines.waitFor((l) => l.event === 'stats', WAIT_MS);
    assert.equal(stats.messagesReceived, 0, 'the impostor received no message');
    assert.equal(stats.connections, 0, 'the impostor holds no connection');
    await Promise.all([stop(a), stop(impostor)]);
  });
});
