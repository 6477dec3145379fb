import { openAsBlob } from 'node:fs';
import { stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename } from 'node:path';
import { GroupPush, type PeerResult, type PushProgress } from '@offgrid/sync';
import { nodeWholeHash } from '@offgrid/sync/node';
import { isAgentFingerprint, OspAgent, terminalSafe } from '@offgrid/transport-lp2p/node';
import {
  defaultStateDir,
  parseInterface,
  parseMilliseconds,
  parseOptions,
  UsageError,
} from './cli-options.ts';
import { PushPeers } from './push-peers.ts';

/** Progress lines per peer at most this often. */
const PROGRESS_MS = 1000;

/**
 * `offgrid send FILE… [--to FINGERPRINT…] [--state-dir DIR] [--interface ADDR] [--wait MS]`: pushes each file
 * to the named trusted peers (default: every trusted peer present within `--wait`), one after the other.
 * Prints `sending`, `progress` and one result line per peer and file (README, "offgrid send"). Exit 0 only when
 * every named peer confirmed every file; 1 otherwise.
 */
export async function runSendCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    args,
    {
      to: { type: 'string', multiple: true },
      'state-dir': { type: 'string' },
      interface: { type: 'string' },
      wait: { type: 'string' },
    },
    true,
  );
  if (positionals.length === 0) throw new UsageError('send needs at least one FILE');
  const named = values.to ?? [];
  for (const fingerprint of named)
    if (!isAgentFingerprint(fingerprint))
      throw new UsageError(`'${fingerprint}' is not an agent fingerprint`);
  const waitMs = parseMilliseconds(values.wait, 3000);
  const interfaceAddress = parseInterface(values.interface);
  const files = [];
  for (const path of positionals) {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) throw new UsageError(`'${path}' is not a readable file`);
    files.push(path);
  }

  const agent = await OspAgent.start({
    displayName: hostname(),
    stateDir: values['state-dir'] ?? defaultStateDir(),
    interfaceAddress,
    // Receivers find each other; the sender dials them, and need not be found.
    advertise: false,
  });
  const push = new GroupPush({ id: agent.fingerprint, wholeHash: nodeWholeHash, peerTimeoutMs: 15_000 });
  const peers = new PushPeers(agent, push, {
    dial: (fingerprint) => named.length === 0 || named.includes(fingerprint),
  });
  try {
    const to = await recipients(peers, named, waitMs);
    for (const fingerprint of named)
      if (!to.includes(fingerprint)) console.log(`${fingerprint} failed: not present`);
    if (to.length === 0) {
      console.error(
        named.length > 0
          ? 'offgrid: none of the named peers is present'
          : 'offgrid: no trusted peer is present (pair with one first: offgrid pair)',
      );
      return 1;
    }
    let ok = to.length === named.length || named.length === 0;
    for (const path of files) {
      const results = await sendFile(push, path, to);
      if (!results.every((r) => r.status === 'confirmed')) ok = false;
    }
    return ok ? 0 : 1;
  } finally {
    peers.stop();
    push.close();
    await agent.stop();
  }
}

/** The peers to push to: the named ones that got a push channel within `waitMs`, or every present trusted one. */
async function recipients(peers: PushPeers, named: readonly string[], waitMs: number): Promise<string[]> {
  if (named.length > 0) {
    const present = await Promise.all(named.map((fingerprint) => peers.waitFor(fingerprint, waitMs)));
    return named.filter((_, i) => present[i]);
  }
  await new Promise((resolve) => setTimeout(resolve, waitMs));
  // Every trusted peer seen, given a moment more to finish its channel.
  const seen = peers.presentTrusted();
  await Promise.all(seen.map((fingerprint) => peers.waitFor(fingerprint, 2000)));
  return peers.attached();
}

async function sendFile(push: GroupPush, path: string, to: string[]): Promise<readonly PeerResult[]> {
  const name = basename(path);
  const blob = await openAsBlob(path);
  const safeName = terminalSafe(name);
  console.log(`sending ${safeName} (${blob.size} bytes) to ${to.length} peer${to.length === 1 ? '' : 's'}`);
  const lastShown = new Map<string, number>();
  const result = await push.push(blob, {
    to,
    name,
    onProgress: (progress) => showProgress(progress, lastShown),
  });
  for (const peer of result.peers) {
    const why = peer.error ? `: ${peer.error.code}` : '';
    console.log(`${peer.peer} ${peer.status}${why} ${safeName} sha256 ${result.sha256}`);
  }
  return result.peers;
}

function showProgress(progress: PushProgress, lastShown: Map<string, number>): void {
  const now = performance.now();
  for (const peer of progress.peers) {
    if (peer.status !== 'receiving') continue;
    if (now - (lastShown.get(peer.peer) ?? Number.NEGATIVE_INFINITY) < PROGRESS_MS) continue;
    lastShown.set(peer.peer, now);
    const percent = progress.totalBytes === 0 ? 100 : (100 * peer.receivedBytes) / progress.totalBytes;
    const rate = (peer.rate / 1e6).toFixed(1);
    console.log(
      `progress ${peer.peer} ${peer.receivedBytes}/${progress.totalBytes} ${percent.toFixed(0)}% ${rate} MB/s`,
    );
  }
}
