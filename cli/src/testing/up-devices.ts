/**
 * Two devices of the namespace tests, each a LAN host running `offgrid up`, left as the trusted UI would leave
 * them: a first run prints each agent's fingerprint and app address; then, with the agents stopped, each trusts
 * the other and grants it the app's origin, and pages get origin tokens. Node only.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OriginTokens, TrustStore } from '@offgrid/transport-lp2p/node';
import { createLan, type Lan, type LanHost } from '@offgrid/transport-lp2p/testing';
import { CliProcess } from './cli-process.ts';

/** A device: its LAN host, where `offgrid up` keeps its state, and (after {@link firstRun}) its agent and app port. */
export interface UpDevice {
  readonly host: LanHost;
  readonly stateDir: string;
  /** The name the other device's trust store records for it (default `peer`). */
  readonly name?: string;
  fingerprint: string;
  port: number;
}

/** `offgrid up` with the device's state dir, on its LAN interface only, then `extra` (`--app`, `--server`…). */
export function upArgs(device: Pick<UpDevice, 'host' | 'stateDir'>, extra: readonly string[] = []): string[] {
  return ['up', '--state-dir', device.stateDir, '--interface', device.host.address, ...extra];
}

/**
 * Runs `offgrid up` (`args`) on the device until it prints a line matching `appLine` (within `ms`), then stops it
 * (asserting it exits 0). Records the agent's fingerprint and the app's port, `appLine`'s group named `port`, in
 * `device`; returns the app line's match.
 */
export async function firstRun(
  device: UpDevice,
  args: string[],
  appLine: RegExp,
  ms: number,
): Promise<RegExpExecArray> {
  const up = new CliProcess(device.host, args);
  const app = appLine.exec(await up.waitForLine((l) => appLine.test(l), ms)) as RegExpExecArray;
  device.port = Number(app.groups?.port);
  device.fingerprint = (up.lines.find((l) => l.startsWith('agent fingerprint ')) as string).split(
    ' ',
  )[2] as string;
  assert.equal(await up.stop(), 0);
  return app;
}

/** The origin of a device's app, as its pages are served: `http://127.0.0.1:<port>`. */
export const appOrigin = (device: UpDevice) => `http://127.0.0.1:${device.port}`;

/**
 * What pairing in the trusted UI records, written while both agents are stopped (after {@link firstRun}): each
 * device trusts the other and grants it its app's origin.
 */
export async function pairAndGrant(a: UpDevice, b: UpDevice): Promise<void> {
  for (const [self, other] of [
    [a, b],
    [b, a],
  ] as const) {
    const trust = await TrustStore.open(self.stateDir);
    await trust.recordAuthenticated({
      fingerprint: other.fingerprint,
      displayName: other.name ?? 'peer',
      modelName: 'test',
    });
    await trust.setGrant(other.fingerprint, appOrigin(self), true);
  }
}

/** What allowing a page in the trusted UI records: a token for the device's app origin, saved for its agent. */
export async function issueOriginToken(device: UpDevice): Promise<string> {
  const origins = await OriginTokens.open(join(device.stateDir, 'origin-tokens.json'));
  const token = origins.issue(appOrigin(device));
  await origins.saved();
  return token;
}

/**
 * The two-host scene of a namespace test, made in the test and cleaned up in its suite's `after`:
 * `after(() => scene.close())`. What the test starts it pushes on `stops`; `close` runs them last first, then
 * removes the LAN and the state folder.
 */
export interface TwoHostScene {
  readonly stops: (() => Promise<unknown>)[];
  /** The folder for the devices' state, `offgrid-<name>-…` (made by {@link start}). */
  readonly dir: string;
  /** Makes the two-host LAN and the state folder; the LAN's hosts. */
  start(): Promise<readonly [LanHost, LanHost]>;
  close(): Promise<void>;
}

/** A {@link TwoHostScene} whose state folder is named after `name`; nothing is made until its `start`. */
export function twoHostScene(name: string): TwoHostScene {
  let lan: Lan | undefined;
  let dir = '';
  const stops: (() => Promise<unknown>)[] = [];
  return {
    stops,
    get dir() {
      return dir;
    },
    async start() {
      lan = await createLan(2);
      dir = await mkdtemp(join(tmpdir(), `offgrid-${name}-`));
      return lan.hosts as [LanHost, LanHost];
    },
    async close() {
      for (const stop of stops.splice(0).reverse()) await stop();
      await lan?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}
