/**
 * Local HTTPS across a LAN of network namespaces, each agent its own process: B serves HTTPS with its agent
 * certificate and advertises the port; A's page proxy (a loopback HTTP server in A's namespace) reaches B by its
 * fingerprint once the two paired and the page's origin holds a grant for B.
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
const HOST_SCRIPT = join(import.meta.dirname, 'testing/local-https-host.ts');
/** Bound for process start-up, discovery and pairing on a loaded 2-core machine. */
const WAIT_MS = 20_000;
const ORIGIN = 'https://notes.example';

interface Line {
  event: string;
  fingerprint?: string;
  httpsPort?: number;
  proxyPort?: number;
  peers?: { fingerprint: string }[];
  psk?: string;
  status?: number;
  body?: string;
  message?: string;
}

interface Running {
  readonly child: ChildProcess;
  readonly lines: JsonLines<Line>;
  readonly started: Line;
}

describe('Local HTTPS between two agents on a LAN', { skip }, () => {
  let lan: Lan;
  let stateRoot: string;
  const children: ChildProcess[] = [];

  before(async () => {
    stateRoot = await mkdtemp(join(tmpdir(), 'offgrid-local-https-lan-'));
    lan = await createLan(2);
  });
  after(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await lan?.close();
    await rm(stateRoot, { recursive: true, force: true });
  });

  async function run(host: LanHost, name: string, role: 'serve' | 'proxy'): Promise<Running> {
    const args = [
      HOST_SCRIPT,
      '--name',
      name,
      '--state-dir',
      join(stateRoot, name),
      '--interface',
      host.address,
    ];
    const child = host.spawn(process.execPath, [...args, '--role', role], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    children.push(child);
    const lines = new JsonLines<Line>(child.stdout as NonNullable<ChildProcess['stdout']>);
    return { child, lines, started: await lines.waitFor((l) => l.event === 'started', WAIT_MS) };
  }
  const send = (to: Running, command: object) => to.child.stdin?.write(`${JSON.stringify(command)}\n`);
  async function fetchVia(a: Running, fingerprint: string, path: string): Promise<Line> {
    const since = a.lines.count;
    send(a, { op: 'fetch', fingerprint, path, origin: ORIGIN });
    return a.lines.waitFor((l) => l.event === 'fetched', WAIT_MS, { since });
  }

  it("A's proxy fetches from B by fingerprint after pairing and a grant, and not before", async () => {
    const [a, b] = await Promise.all([
      run(lan.hosts[0] as LanHost, 'Agent A', 'proxy'),
      run(lan.hosts[1] as LanHost, 'Peer B', 'serve'),
    ]);
    const bFingerprint = b.started.fingerprint as string;
    const aFingerprint = a.started.fingerprint as string;
    assert.ok(b.started.httpsPort, 'B serves Local HTTPS');
    await a.lines.waitFor((l) => l.peers?.some((p) => p.fingerprint === bFingerprint) === true, WAIT_MS);

    // Not paired, no grant: the page's origin learns nothing.
    assert.equal((await fetchVia(a, bFingerprint, '/status')).status, 403);

    // Pair: whichever side presents the PSK, the other types it in.
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      void from.lines
        .waitFor((l) => l.event === 'psk', WAIT_MS)
        .then(
          (l) => send(to, { op: 'psk', psk: l.psk }),
          () => {},
        );
    }
    send(a, { op: 'pair', fingerprint: bFingerprint });
    const outcome = await a.lines.waitFor((l) => l.event === 'paired' || l.event === 'pair-failed', WAIT_MS);
    assert.equal(outcome.event, 'paired', outcome.message);

    // Paired, but this origin has no grant for B yet.
    assert.equal((await fetchVia(a, bFingerprint, '/status')).status, 403);

    send(a, { op: 'grant', fingerprint: bFingerprint, origin: ORIGIN });
    await a.lines.waitFor((l) => l.event === 'granted', WAIT_MS);
    const answer = await fetchVia(a, bFingerprint, '/status?n=1');
    assert.equal(answer.status, 200, answer.body);
    const served = JSON.parse(answer.body as string) as Record<string, unknown>;
    assert.equal(served.from, 'Peer B');
    assert.equal(served.path, '/status?n=1');
    // B saw A's agent certificate and knows A as a paired peer.
    assert.equal(served.client, aFingerprint);
    assert.equal(served.paired, true);

    send(a, { op: 'stop' });
    send(b, { op: 'stop' });
  });
});
