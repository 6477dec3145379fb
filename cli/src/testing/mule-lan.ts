/**
 * The data-mule scene of the namespace tests: devices A and B on a two-host LAN, and a third namespace (the
 * cloud) running `offgrid serve`, with a link to A that is down at first: the server is unreachable until the
 * test calls `link.up()`, and then only A reaches it. Node only (root: network namespaces).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServeFiles, serveFiles } from '@offgrid/server/testing';
import {
  createIsolatedHost,
  createLan,
  type HostLink,
  type IsolatedHost,
  type LanHost,
  linkHosts,
} from '@offgrid/transport-lp2p/testing';
import { SERVE_PORT, startServeInHost } from './serve-in-host.ts';
import type { UpDevice } from './up-devices.ts';

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
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
