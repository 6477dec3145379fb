/**
 * `offgrid send` and `offgrid receive` as processes, each device in its own network namespace, over real OSP
 * sessions between peers that trust each other (their trust stores are written as pairing leaves them; pairing
 * itself is tested in pair-lan.test.ts).
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { IdentityStore, TrustStore } from '@offgrid/transport-lp2p/node';
import {
  createLan,
  type Lan,
  type LanHost,
  LineProcess,
  lanUnavailableReason,
} from '@offgrid/transport-lp2p/testing';
import { CliProcess } from './testing/cli-process.ts';

const skip = lanUnavailableReason();
const WAIT_MS = 30_000;
const MiB = 1024 * 1024;
const CORRUPTING = join(import.meta.dirname, 'testing', 'corrupting-receive.ts');
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

interface Node {
  readonly name: string;
  readonly host: LanHost;
  readonly stateDir: string;
  readonly dir: string;
  fingerprint: string;
}

describe('offgrid send / receive between network namespaces', { skip }, () => {
  let lan: Lan;
  let root: string;
  let sender: Node;
  let receivers: Node[];
  let hostile: Node;
  const running: LineProcess[] = [];
  const receiving = new Map<Node, LineProcess>();

  function receive(node: Node, script?: string): LineProcess {
    const args = ['--dir', node.dir, '--accept-all', '--state-dir', node.stateDir];
    const all = [...args, '--interface', node.host.address, '--name', node.name];
    const child = script
      ? new LineProcess(node.host, [script, ...all])
      : new CliProcess(node.host, ['receive', ...all]);
    running.push(child);
    receiving.set(node, child);
    return child;
  }
  function send(files: string[], to: Node[], extra: string[] = []): CliProcess {
    const targets = to.flatMap((node) => ['--to', node.fingerprint]);
    const args = [...files, ...targets, '--state-dir', sender.stateDir, '--interface', sender.host.address];
    const child = new CliProcess(sender.host, ['send', ...args, ...extra]);
    running.push(child);
    return child;
  }
  /** The `SHA256  PATH` line a receiver printed for a file, from output line `since` on. */
  async function savedFile(node: Node, since = 0): Promise<{ sha: string; path: string }> {
    const child = receiving.get(node) as LineProcess;
    const line = await child.waitForLine((l) => /^[0-9a-f]{64} {2}/.test(l), 120_000, since);
    return { sha: line.slice(0, 64), path: line.slice(66) };
  }
  const ready = (child: LineProcess) => child.waitForLine((l) => l.startsWith('receiving into'), WAIT_MS);

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'offgrid-push-'));
    lan = await createLan(6);
    const names = ['sender', 'r1', 'r2', 'r3', 'r4', 'hostile'];
    const nodes: Node[] = names.map((name, i) => ({
      name,
      host: lan.hosts[i] as LanHost,
      stateDir: join(root, name, 'state'),
      dir: join(root, name, 'files'),
      fingerprint: '',
    }));
    for (const node of nodes) {
      const identity = await new IdentityStore(node.stateDir).load({
        instanceName: node.name,
        modelName: 'Offgrid',
      });
      node.fingerprint = identity.fingerprint;
    }
    // As after pairing every two of them.
    for (const node of nodes) {
      const trust = await TrustStore.open(node.stateDir);
      for (const other of nodes) {
        if (other === node) continue;
        await trust.recordAuthenticated({
          fingerprint: other.fingerprint,
          displayName: other.name,
          modelName: 'Offgrid',
        });
      }
    }
    [sender, hostile] = [nodes[0] as Node, nodes[5] as Node];
    receivers = nodes.slice(1, 5);
    await Promise.all(receivers.map((node) => ready(receive(node))));
  });
  after(async () => {
    await Promise.all(running.map((p) => p.stop()));
    await lan?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('pushes a 64 MiB file to 4 peers; every one saves it byte-identical; the sender exits 0', async () => {
    const content = randomBytes(64 * MiB);
    const file = join(root, 'model.bin');
    await writeFile(file, content);
    const marks = receivers.map((node) => (receiving.get(node) as LineProcess).lines.length);
    const push = send([file], receivers);
    assert.equal(await push.exited, 0, push.lines.join('\n'));
    const out = push.lines.join('\n');
    for (const node of receivers) {
      assert.match(
        out,
        new RegExp(
          `^${escapeRegExp(node.fingerprint)} confirmed model\\.bin sha256 ${sha256(content)}$`,
          'm',
        ),
      );
    }
    assert.match(out, /^progress /m, 'progress lines');
    for (const [i, node] of receivers.entries()) {
      const saved = await savedFile(node, marks[i]);
      assert.equal(saved.sha, sha256(content));
      assert.equal(sha256(await readFile(saved.path)), sha256(content), `${node.name}'s file on disk`);
    }
  });

  it('a receiver killed half-way and restarted fetches only the chunks it had not stored', async () => {
    const content = randomBytes(64 * MiB); // 256 chunks of 256 KiB
    const file = join(root, 'resume.bin');
    await writeFile(file, content);
    const victim = receivers[0] as Node;
    const push = send([file], [victim]);
    // Kill it (no goodbye) once it holds half the chunks, counted in its store.
    const chunks = join(victim.stateDir, 'push');
    let held = 0;
    const deadline = Date.now() + WAIT_MS;
    while (held < 128) {
      assert.ok(Date.now() < deadline, 'the receiver never stored half the chunks');
      held = await countChunks(chunks);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await (receiving.get(victim) as LineProcess).stop('SIGKILL');
    held = await countChunks(chunks);
    assert.ok(held < 256, 'killed before it had every chunk');

    const restarted = receive(victim);
    const saved = await savedFile(victim);
    assert.equal(saved.sha, sha256(content));
    assert.equal(sha256(await readFile(saved.path)), sha256(content));
    const fetched = await restarted.waitForLine((l) => l.startsWith('received resume.bin'), WAIT_MS);
    const bytes = Number(/fetched (\d+) of/.exec(fetched)?.[1]);
    assert.ok(bytes > 0, 'the restarted receiver fetched the rest');
    assert.ok(
      bytes <= content.length - held * 256 * 1024,
      `fetched ${bytes} bytes after a restart holding ${held} chunks`,
    );
    assert.equal(await push.exited, 0, push.lines.join('\n'));
  });

  it('a member that serves corrupted chunks cannot spoil the file; the others drop it', async () => {
    const bad = receive(hostile, CORRUPTING);
    await ready(bad);
    const content = randomBytes(32 * MiB);
    const file = join(root, 'shared.bin');
    await writeFile(file, content);
    const honest = receivers.slice(1, 4);
    const marks = honest.map((node) => (receiving.get(node) as LineProcess).lines.length);
    const push = send([file], [hostile, ...honest]);
    assert.equal(await push.exited, 0, push.lines.join('\n'));
    let dropped = 0;
    for (const [i, node] of honest.entries()) {
      const saved = await savedFile(node, marks[i]);
      assert.equal(sha256(await readFile(saved.path)), sha256(content), `${node.name}'s file`);
      const child = receiving.get(node) as LineProcess;
      if (child.lines.slice(marks[i]).some((l) => l === `peer ${hostile.fingerprint}: bad-chunks`)) dropped++;
    }
    // Whoever the sender sent to the hostile member first got bad pieces from it, and dropped it.
    assert.ok(dropped >= 1, 'at least one member dropped the corrupting peer');
  });

  it('exits non-zero when a named peer is absent, and 2 on a usage error', async () => {
    const file = join(root, 'note.txt');
    await writeFile(file, 'hello\n');
    const absent = `${'A'.repeat(43)}=`;
    const alone = send([file], [{ ...sender, fingerprint: absent }], ['--wait', '1500']);
    assert.equal(await alone.exited, 1);
    assert.match(alone.lines.join('\n'), new RegExp(`^${escapeRegExp(absent)} failed: not present`, 'm'));

    const mixed = send(
      [file],
      [receivers[1] as Node, { ...sender, fingerprint: absent }],
      ['--wait', '3000'],
    );
    assert.equal(await mixed.exited, 1, mixed.lines.join('\n'));
    assert.match(
      mixed.lines.join('\n'),
      new RegExp(`^${escapeRegExp((receivers[1] as Node).fingerprint)} confirmed`, 'm'),
    );

    const usage = new CliProcess(sender.host, ['send', '--state-dir', sender.stateDir]);
    running.push(usage);
    assert.equal(await usage.exited, 2);
  });
});

async function countChunks(directory: string): Promise<number> {
  const transfers = await readdir(directory).catch(() => [] as string[]);
  let count = 0;
  for (const transfer of transfers) {
    const files = await readdir(join(directory, transfer)).catch(() => [] as string[]);
    count += files.filter((f) => f.endsWith('.chunk')).length;
  }
  return count;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
