/**
 * Share from a page through two real `offgrid up` agents between network namespaces (docs/framework.md §Share
 * from a page): A and B paired and granted the test app's origin (their trust stores written as the trusted UI
 * would); page stand-ins (`testing/share-page.ts`: the real AgentLink and PageShare over each agent's app socket)
 * share through their agents over the agents' `offgrid-push/test-app` LP2P data channel. A document shared from
 * A's page and accepted on B's reaches B's page merged; a file declined on B is `declined` on A; a 16 MiB file is
 * handed to A's agent by a page that then exits before B answered, and B's page, opened afterwards, accepts it
 * and gets it byte-identical.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  createLan,
  type Lan,
  type LanHost,
  LineProcess,
  lanUnavailableReason,
} from '@offgrid/transport-lp2p/testing';
import { CliProcess } from './testing/cli-process.ts';
import { firstRun, issueOriginToken, pairAndGrant, type UpDevice, upArgs } from './testing/up-devices.ts';

const skip = lanUnavailableReason();
const TEST_APP = `${join(import.meta.dirname, 'testing', 'test-app.ts')}#testApp`;
const PAGE = join(import.meta.dirname, 'testing', 'share-page.ts');
const APP_LINE = /^test-app: http:\/\/127\.0\.0\.1:(?<port>\d+)\/test-app\/$/;

interface Device extends UpDevice {
  token: string;
}

const appArgs = (device: Device) => upArgs(device, ['--app', TEST_APP]);

describe('share from a page through offgrid up, between namespaces', { skip }, () => {
  let lan: Lan | undefined;
  let dir = '';
  const running = new Map<string, LineProcess>();
  after(async () => {
    await Promise.all([...running.values()].map((p) => p.stop()));
    await lan?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('shares a document and a 16 MiB file page to page, declines, and finishes after the tab left', async () => {
    try {
      await shareThroughAgents();
    } catch (error) {
      // Every program's output (agents' and pages' stdout and stderr), to diagnose a failure from one run.
      for (const [label, process] of running) console.error(`--- ${label}:\n${process.lines.join('\n')}`);
      throw error;
    }
  });

  async function shareThroughAgents(): Promise<void> {
    lan = await createLan(2);
    dir = await mkdtemp(join(tmpdir(), 'offgrid-share-lan-'));
    const [hostA, hostB] = lan.hosts as [LanHost, LanHost];
    const a: Device = {
      host: hostA,
      stateDir: join(dir, 'a'),
      name: 'Ada laptop',
      fingerprint: '',
      port: 0,
      token: '',
    };
    const b: Device = {
      host: hostB,
      stateDir: join(dir, 'b'),
      name: 'Bo phone',
      fingerprint: '',
      port: 0,
      token: '',
    };
    await Promise.all([a, b].map((d) => firstRun(d, appArgs(d), APP_LINE, 30_000)));
    await pairAndGrant(a, b);
    a.token = await issueOriginToken(a);
    b.token = await issueOriginToken(b);
    const upA = new CliProcess(hostA, appArgs(a));
    const upB = new CliProcess(hostB, appArgs(b));
    running.set('agent A', upA).set('agent B', upB);
    await Promise.all([upA, upB].map((up) => up.waitForLine((l) => APP_LINE.test(l), 30_000)));

    const page = (device: Device, ...args: string[]) => {
      const process = new LineProcess(device.host, [PAGE, String(device.port), device.token, ...args]);
      running.set(`page ${running.size - 1} on ${device.name}: ${args.join(' ')}`, process);
      return process;
    };
    const line = (process: LineProcess, prefix: string, ms = 60_000) =>
      process
        .waitForLine((l) => l.startsWith(prefix), ms)
        .catch((error: Error) => {
          throw new Error(`${prefix}: ${error.message}`);
        });

    // A document, accepted on B: merged into B's replica, and B's page has it by sync.
    const receiver = page(b, 'accept');
    const sender = page(a, 'share-doc', 'notes/1', 'hello from A');
    assert.equal(await line(sender, 'result '), 'result confirmed');
    assert.equal(await line(receiver, 'imported '), 'imported document notes/1 hello from A');

    // A file declined on B.
    const decliner = page(b, 'decline');
    const declined = page(a, 'share-file', '1000');
    assert.equal(await line(declined, 'result '), 'result declined');
    assert.equal(await line(decliner, 'declined '), 'declined data.bin');

    // 16 MiB handed to A's agent by a page that leaves before B answers; B's page, opened later, takes it.
    const leaver = page(a, 'leave-file', String(16 * 1024 * 1024));
    const sha = (await line(leaver, 'sha ')).slice(4);
    await line(leaver, 'left ');
    assert.equal(await leaver.exited, 0);
    const started = Date.now();
    const late = page(b, 'accept');
    assert.equal(await line(late, 'imported ', 120_000), `imported file ${sha} ${16 * 1024 * 1024}`);
    console.log(`16 MiB page to page after the sender's tab left: ${Date.now() - started} ms`);
  }
});
