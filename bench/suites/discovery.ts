/**
 * mDNS discovery across network namespaces: `discovery.time` (advertiser start → browser's agentup) and
 * `discovery.goodbye` (advertiser stop → browser's agentdown), medians over a few runs. Needs root.
 */
import type { ChildProcess } from 'node:child_process';
import {
  createLan,
  DISCOVERY_NODE_SCRIPT,
  JsonLines,
  lanUnavailableReason,
} from '@offgrid/transport-lp2p/testing';
import { percentile, type Report } from '../bench-suite.ts';

export const name = 'discovery';

const RUNS = 5;
const WAIT_MS = 15_000;

interface Line {
  type: string;
  at: number;
  fingerprint?: string;
}

export async function run(report: Report): Promise<void> {
  const reason = lanUnavailableReason();
  if (reason) {
    process.stderr.write(`discovery bench skipped: ${reason}\n`);
    return;
  }
  const lan = await createLan(2);
  try {
    const [browserHost, advertiserHost] = lan.hosts;
    if (!browserHost || !advertiserHost) return;
    const spawnNode = (host: typeof browserHost, args: string[]) => {
      const child = host.spawn(
        process.execPath,
        [DISCOVERY_NODE_SCRIPT, '--address', host.address, ...args],
        {
          stdio: ['pipe', 'pipe', 'inherit'],
        },
      );
      return { child, lines: new JsonLines<Line>(child.stdout as NonNullable<ChildProcess['stdout']>) };
    };
    const browser = spawnNode(browserHost, []);
    await browser.lines.waitFor((l) => l.type === 'ready', WAIT_MS);
    const found: number[] = [];
    const gone: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const fingerprint = Buffer.alloc(32, i + 1).toString('base64');
      const since = browser.lines.count;
      const args = ['--no-browse', '--name', `Bench ${i}`, '--fingerprint', fingerprint];
      const advertiser = spawnNode(advertiserHost, args);
      const start = await advertiser.lines.waitFor((l) => l.type === 'advertising', WAIT_MS);
      const matches = (type: string) => (l: Line) => l.type === type && l.fingerprint === fingerprint;
      const up = await browser.lines.waitFor(matches('agentup'), WAIT_MS, { since });
      found.push(up.at - start.at);
      const stoppedAt = Date.now();
      advertiser.child.stdin?.write('stop-advertising\n');
      const down = await browser.lines.waitFor(matches('agentdown'), WAIT_MS, { since });
      gone.push(down.at - stoppedAt);
      advertiser.child.stdin?.end();
      await new Promise((resolve) => advertiser.child.once('exit', resolve));
    }
    report({ metric: 'discovery.time', value: percentile(found, 50), unit: 'ms' });
    report({ metric: 'discovery.goodbye', value: percentile(gone, 50), unit: 'ms' });
  } finally {
    await lan.close();
  }
}
