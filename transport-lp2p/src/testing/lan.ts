import { type ChildProcess, execFile, type SpawnOptions, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** Every namespace we create starts with this, then the creating pid, so stale ones can be found. */
const PREFIX = 'oglan-';

/** One simulated machine: a network namespace with `eth0` on the LAN bridge. */
export interface LanHost {
  /** Name of the network namespace (`ip netns`). */
  readonly namespace: string;
  /** IPv4 address of `eth0`. */
  readonly address: string;
  /** Runs `command` inside the namespace (`ip netns exec`). The LAN kills it on close if still running. */
  spawn(command: string, args?: readonly string[], options?: SpawnOptions): ChildProcess;
}

/** A private Ethernet segment of namespaces joined by a bridge; nothing touches the root namespace. */
export interface Lan {
  readonly hosts: readonly LanHost[];
  /** The /24 in use, e.g. `10.213.7.0/24`. */
  readonly subnet: string;
  /** Kills spawned children and deletes every namespace (and so every link) of this LAN. */
  close(): Promise<void>;
}

let cachedReason: string | undefined | null = null;

/**
 * Why {@link createLan} cannot work here (not Linux, not root, no `ip`, namespaces forbidden), or `undefined`.
 * Use it as `test('…', { skip: lanUnavailableReason() }, …)`.
 */
export function lanUnavailableReason(): string | undefined {
  if (cachedReason !== null) return cachedReason;
  cachedReason = probeSupport();
  return cachedReason;
}

function probeSupport(): string | undefined {
  if (process.platform !== 'linux') return 'LAN fixture needs Linux network namespaces';
  if (process.getuid?.() !== 0) return 'LAN fixture needs root to create network namespaces';
  if (spawnSync('ip', ['-V']).error) return 'LAN fixture needs `ip` (iproute2)';
  const probe = `${PREFIX}${process.pid}-probe`;
  const added = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
  if (added.status !== 0) return `cannot create network namespaces: ${added.stderr.trim()}`;
  spawnSync('ip', ['netns', 'del', probe]);
  return undefined;
}

/**
 * Creates `hostCount` namespaces `10.213.X.1`, `.2`… on a bridge living in its own "switch" namespace, each
 * with loopback up and a 224.0.0.0/4 route so multicast leaves through `eth0`.
 *
 * @example
 * const lan = await createLan(3);
 * try { lan.hosts[0]?.spawn(process.execPath, ['agent.ts']); } finally { await lan.close(); }
 */
export async function createLan(hostCount: number, options: { subnetOctet?: number } = {}): Promise<Lan> {
  const reason = lanUnavailableReason();
  if (reason) throw new Error(reason);
  if (!(Number.isInteger(hostCount) && hostCount > 0 && hostCount < 250)) throw new RangeError('1–249 hosts');
  removeStaleNamespaces();
  const octet = options.subnetOctet ?? randomBytes(1)[0] ?? 0;
  const base = `${PREFIX}${process.pid}-${randomBytes(3).toString('hex')}`;
  const sw = `${base}-sw`;
  const namespaces = [sw];
  const children = new Set<ChildProcess>();
  // A crash between here and close() must not leave namespaces behind.
  const onExit = () => deleteNamespaces(namespaces);
  process.once('exit', onExit);
  const close = async () => {
    process.off('exit', onExit);
    await Promise.all([...children].map(killAndWait));
    deleteNamespaces(namespaces);
  };
  try {
    await ip(['netns', 'add', sw]);
    await ip(['-n', sw, 'link', 'set', 'lo', 'up']);
    // Snooping off: with no IGMP querier on this segment the bridge must flood multicast to every port.
    await ip(['-n', sw, 'link', 'add', 'br0', 'type', 'bridge', 'mcast_snooping', '0', 'stp_state', '0']);
    await ip(['-n', sw, 'link', 'set', 'br0', 'up']);
    const hosts: LanHost[] = [];
    for (let i = 0; i < hostCount; i += 1) {
      const ns = `${base}-h${i}`;
      const address = `10.213.${octet}.${i + 1}`;
      namespaces.push(ns);
      await ip(['netns', 'add', ns]);
      await ip(['-n', ns, 'link', 'set', 'lo', 'up']);
      // Created inside the host namespace with its peer placed straight into the switch: never in the root one.
      await ip(['-n', ns, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', `p${i}`, 'netns', sw]);
      await ip(['-n', sw, 'link', 'set', `p${i}`, 'master', 'br0', 'up']);
      await ip(['-n', ns, 'addr', 'add', `${address}/24`, 'dev', 'eth0']);
      await ip(['-n', ns, 'link', 'set', 'eth0', 'up']);
      await ip(['-n', ns, 'route', 'add', '224.0.0.0/4', 'dev', 'eth0']);
      hosts.push({
        namespace: ns,
        address,
        spawn(command, args = [], spawnOptions = {}) {
          const child = spawn('ip', ['netns', 'exec', ns, command, ...args], spawnOptions);
          children.add(child);
          child.once('exit', () => children.delete(child));
          return child;
        },
      });
    }
    return { hosts, subnet: `10.213.${octet}.0/24`, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function ip(args: readonly string[]): Promise<void> {
  await run('ip', args);
}

function deleteNamespaces(namespaces: readonly string[]): void {
  // Deleting the switch namespace last is not needed: deleting any end of a veth pair removes both.
  for (const ns of namespaces) spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
}

/** Namespaces left by a test process that died before closing its LAN. */
function removeStaleNamespaces(): void {
  const listed = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout ?? '';
  for (const line of listed.split('\n')) {
    const name = line.split(' ')[0] ?? '';
    const pid = Number(/^oglan-(\d+)-/.exec(name)?.[1]);
    if (Number.isInteger(pid) && !isAlive(pid)) spawnSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** A machine outside the LAN (a server on the internet): a namespace of its own, reached only through links. */
export interface IsolatedHost extends Omit<LanHost, 'address'> {
  /** Kills spawned children and deletes the namespace (and so every link to it). */
  remove(): Promise<void>;
}

/** A point-to-point veth link between two namespaces, /30, created down (no route until {@link up}). */
export interface HostLink {
  /** Address of the first namespace's end. */
  readonly address: string;
  /** Address of the second namespace's end (what the first one reaches through the link). */
  readonly peerAddress: string;
  up(): Promise<void>;
  down(): Promise<void>;
}

/** Creates a namespace outside any LAN, with loopback up and no other interface. */
export async function createIsolatedHost(): Promise<IsolatedHost> {
  const reason = lanUnavailableReason();
  if (reason) throw new Error(reason);
  const ns = `${PREFIX}${process.pid}-${randomBytes(3).toString('hex')}-x`;
  const children = new Set<ChildProcess>();
  const onExit = () => deleteNamespaces([ns]);
  process.once('exit', onExit);
  await ip(['netns', 'add', ns]);
  await ip(['-n', ns, 'link', 'set', 'lo', 'up']);
  return {
    namespace: ns,
    spawn(command, args = [], spawnOptions = {}) {
      const child = spawn('ip', ['netns', 'exec', ns, command, ...args], spawnOptions);
      children.add(child);
      child.once('exit', () => children.delete(child));
      return child;
    },
    async remove() {
      process.off('exit', onExit);
      await Promise.all([...children].map(killAndWait));
      deleteNamespaces([ns]);
    },
  };
}

let linkCount = 0;

/**
 * Links two namespaces with a veth pair on `10.214.OCTET.(4k+1|4k+2)/30`, both ends down: `up()` gives the
 * first namespace a route to the second (directly connected), `down()` takes it away. Deleting either namespace
 * removes the link.
 */
export async function linkHosts(
  first: Pick<LanHost, 'namespace'>,
  second: Pick<LanHost, 'namespace'>,
  octet: number,
): Promise<HostLink> {
  const k = linkCount++;
  if (k >= 63) throw new RangeError('at most 63 links per process');
  const [a, b] = [`10.214.${octet}.${4 * k + 1}`, `10.214.${octet}.${4 * k + 2}`];
  const [ifA, ifB] = [`up${k}`, `dn${k}`];
  await ip([
    '-n',
    first.namespace,
    'link',
    'add',
    ifA,
    'type',
    'veth',
    'peer',
    'name',
    ifB,
    'netns',
    second.namespace,
  ]);
  await ip(['-n', first.namespace, 'addr', 'add', `${a}/30`, 'dev', ifA]);
  await ip(['-n', second.namespace, 'addr', 'add', `${b}/30`, 'dev', ifB]);
  const set = async (state: 'up' | 'down') => {
    await ip(['-n', second.namespace, 'link', 'set', ifB, state]);
    await ip(['-n', first.namespace, 'link', 'set', ifA, state]);
  };
  return { address: a, peerAddress: b, up: () => set('up'), down: () => set('down') };
}
