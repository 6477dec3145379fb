/**
 * The real `offgrid agent` against an independent minimal OSP client (testing/raw-osp-client.ts: straight on
 * @matrixai/quic, node:http2 and cborg), each in its own network namespace:
 * - interop: agent-info both ways and auth-capabilities, every message on unidirectional streams (osp-network
 *   §Messages); 404 with the key in the reason for unknown keys; 403 for agent-status and data-frames before
 *   authentication (the agent-status round trip itself is in agent-connection.test.ts);
 * - a stranger that starts 250 MiB data-frames on several streams before authenticating, over QUIC and over
 *   TLS/TCP, is closed with 403 and grows the agent's RSS by less than 64 MB.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createLan, type Lan, type LanHost, lanUnavailableReason } from '../testing/lan.ts';
import { LineProcess } from '../testing/line-process.ts';

const skip = lanUnavailableReason();
const CLI = join(import.meta.dirname, '../../../node_modules/.bin/offgrid'); // the installed `offgrid` command
const CLIENT = join(import.meta.dirname, 'testing/raw-osp-client.ts');
const WAIT_MS = 20_000;

interface Check {
  check: string;
  [field: string]: unknown;
}

async function runClient(host: LanHost, args: string[]): Promise<Map<string, Check>> {
  const client = new LineProcess(host, [CLIENT, ...args]);
  await client
    .waitForLine((l) => l.includes('"check":"done"'), 60_000)
    .catch((error) => {
      client.child.kill('SIGKILL');
      throw error;
    });
  const checks = new Map<string, Check>();
  for (const line of client.lines) {
    if (!line.startsWith('{')) continue;
    const parsed = JSON.parse(line) as Check;
    checks.set(parsed.check, parsed);
  }
  await client.exited;
  return checks;
}

/** Resident set size of a process in bytes (/proc/<pid>/status VmRSS). */
async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return Number(kb) * 1024;
}

describe('an independent OSP client against `offgrid agent`', { skip }, () => {
  let lan: Lan;
  let root: string;
  let agent: LineProcess;
  let quicPort: number;
  let tcpPort: number;
  let clientHost: LanHost;
  let agentHost: LanHost;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'offgrid-interop-'));
    lan = await createLan(2);
    [clientHost, agentHost] = lan.hosts as [LanHost, LanHost];
    const args = [
      '--name',
      'Interop agent',
      '--state-dir',
      join(root, 'agent'),
      '--interface',
      agentHost.address,
    ];
    agent = new LineProcess(agentHost, [CLI, 'agent', ...args, '--json']);
    const line = await agent.waitForLine((l) => l.includes('"event":"started"'), WAIT_MS);
    const started = JSON.parse(line) as { quicPort: number; tcpPort: number };
    quicPort = started.quicPort;
    tcpPort = started.tcpPort;
  });
  after(async () => {
    await agent?.stop();
    await lan?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('speaks OSP as the spec writes it: unidirectional streams both ways, 404 and 403 closes', async () => {
    const checks = await runClient(clientHost, ['interop', agentHost.address, String(quicPort)]);
    assert.deepEqual(checks.get('agent-info-response'), {
      check: 'agent-info-response',
      uni: true,
      requestId: 1,
      displayName: 'Interop agent',
    });
    assert.equal(checks.get('agent-info-request')?.uni, true, 'the agent asked on a unidirectional stream');
    const capabilities = checks.get('auth-capabilities');
    assert.equal(capabilities?.uni, true);
    assert.equal(typeof capabilities?.pskEaseOfInput, 'number');
    assert.ok((capabilities?.pskMinBitsOfEntropy as number) >= 20);
    assert.equal(checks.get('still-open')?.open, true, 'our agent-info-response was taken without a close');
    assert.deepEqual(checks.get('unknown-key'), {
      check: 'unknown-key',
      code: 404,
      reason: 'unknown type key 9999',
    });
    assert.deepEqual(checks.get('unknown-8-byte-key'), {
      check: 'unknown-8-byte-key',
      code: 404,
      reason: 'unknown type key 78187493530', // 0x123456789a in 8 bytes,
    });
    assert.deepEqual(checks.get('data-frame-before-auth'), {
      check: 'data-frame-before-auth',
      code: 403,
      reason: 'data-frame before authentication',
    });
    assert.deepEqual(checks.get('agent-status-before-auth'), {
      check: 'agent-status-before-auth',
      code: 403,
      reason: 'agent-status-request before authentication',
    });
  });

  for (const transport of ['quic', 'tcp'] as const) {
    it(`closes a stranger starting 250 MiB data-frames over ${transport} with 403; RSS grows < 64 MB`, async () => {
      const pid = agent.child.pid as number;
      const baseline = await rssBytes(pid);
      let peak = baseline;
      const sampler = setInterval(() => {
        rssBytes(pid).then(
          (rss) => {
            peak = Math.max(peak, rss);
          },
          () => {},
        );
      }, 20);
      const port = transport === 'quic' ? quicPort : tcpPort;
      const checks = await runClient(clientHost, [`flood-${transport}`, agentHost.address, String(port)]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      clearInterval(sampler);
      const flood = checks.get(`flood-${transport}`);
      const growthMb = (peak - baseline) / 1e6;
      console.log(
        `# ${transport}: sent ${((flood?.sent as number) / 1e6).toFixed(1)} MB before the close; agent RSS ${(baseline / 1e6).toFixed(0)} MB, peak +${growthMb.toFixed(1)} MB`,
      );
      assert.equal((flood?.closed as { code: number } | null)?.code, 403, JSON.stringify(flood));
      assert.ok(growthMb < 64, `agent RSS grew by ${growthMb.toFixed(1)} MB`);
      assert.equal(agent.child.exitCode, null, 'the agent is still running');
    });
  }
});
