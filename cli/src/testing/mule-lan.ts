/**
 * The data-mule scene of the namespace tests: devices A and B on a two-host LAN, and a third namespace (the
 * cloud) running `offgrid serve`, with a link to A that is down at first: the server is unreachable until the
 * test calls `link.up()`, and then only A reaches it. Node only (root: network namespaces).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVE_PORT, type ServeFiles, serveFiles, startServeInHost } from '@offgrid/server/testing';
import {
  createIsolatedHost,
  createLan,
  type HostLink,
  type IsolatedHost,
  type LanHost,
  linkHosts,
} from '@offgrid/transport-lp2p/testing';
import { CliProcess } from './cli-process.ts';
import { firstRun, issueOriginToken, pairAndGrant, type UpDevice } from './up-devices.ts';

export interface MuleLan {
  /** The devices, with their state under one temporary folder; fingerprint and port come with their first run. */
  readonly a: UpDevice;
  readonly b: UpDevice;
  readonly cloud: IsolatedHost;
  /** A ↔ cloud, down until the test brings it up. */
  readonly link: HostLink;
  /** The server's database and tokens files. */
  readonly files: ServeFiles;
  /** `offgrid serve` in the cloud. */
  readonly server: ChildProcess;
  /** The server as A reaches it over the link: `ws://<cloud>:SERVE_PORT`. */
  readonly serverUrl: string;
  /** The token granted at the server. */
  readonly token: string;
  /** Removes the LAN, the cloud (and its server), the server's files and the devices' state. */
  close(): Promise<void>;
}

/** Builds the scene; `token` is granted read-write on `prefixes` at the server; `name` names the state folder. */
export async function startMuleLan(options: {
  readonly name: string;
  readonly token: string;
  readonly prefixes: readonly string[];
}): Promise<MuleLan> {
  const cleanups: (() => unknown)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    const dir = await mkdtemp(join(tmpdir(), `offgrid-${options.name}-`));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const files = serveFiles([
      { token: options.token, access: 'read-write', prefixes: [...options.prefixes] },
    ]);
    cleanups.push(() => files.remove());
    const lan = await createLan(2);
    cleanups.push(() => lan.close());
    const cloud = await createIsolatedHost();
    cleanups.push(() => cloud.remove());
    const [hostA, hostB] = lan.hosts as [LanHost, LanHost];
    const link = await linkHosts(hostA, cloud, Number(lan.subnet.split('.')[2]));
    const server = await startServeInHost(cloud, { data: files.data, tokens: files.tokens });
    return {
      a: { host: hostA, stateDir: join(dir, 'a'), fingerprint: '', port: 0 },
      b: { host: hostB, stateDir: join(dir, 'b'), fingerprint: '', port: 0 },
      cloud,
      link,
      files,
      server,
      serverUrl: `ws://${link.peerAddress}:${SERVE_PORT}`,
      token: options.token,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A's and B's agents started by {@link startMuleAgents}, the origin token each issued, and their app lines. */
export interface MuleAgents {
  readonly upA: CliProcess;
  readonly upB: CliProcess;
  readonly tokens: ReadonlyMap<UpDevice, string>;
  readonly appLines: readonly [string, string];
}

/**
 * The scene's agents as the trusted UI would leave them, then started: a first run each (`upArgs(device)`, until
 * `appLine`), paired and the app's origin granted the other device, an origin token each; then `offgrid up` on
 * both, A's with the server (`--server`, `--token`), each pushed on `running`. Each step waits `ms` at most.
 */
export async function startMuleAgents(
  scene: MuleLan,
  upArgs: (device: UpDevice, extra?: string[]) => string[],
  appLine: RegExp,
  ms: number,
  running: { stop(): Promise<unknown> }[],
): Promise<MuleAgents> {
  const { a, b } = scene;
  await Promise.all([a, b].map((d) => firstRun(d, upArgs(d), appLine, ms)));
  await pairAndGrant(a, b);
  const tokens = new Map([
    [a, await issueOriginToken(a)],
    [b, await issueOriginToken(b)],
  ]);
  const upA = new CliProcess(a.host, upArgs(a, ['--server', scene.serverUrl, '--token', scene.token]));
  const upB = new CliProcess(b.host, upArgs(b));
  running.push(upA, upB);
  const appLines = (await Promise.all(
    [upA, upB].map((up) => up.waitForLine((l) => appLine.test(l), ms)),
  )) as [string, string];
  return { upA, upB, tokens, appLines };
}
