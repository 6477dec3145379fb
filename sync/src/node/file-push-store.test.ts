import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { PushStore } from '../group-push/push-store.ts';
import { createNode, link, nextReceived, testBytes } from '../group-push/testing/push-mesh.ts';
import { until } from '../group-push/testing/raw-peer.ts';
import { FilePushStore } from './file-push-store.ts';
import { nodeWholeHash } from './node-whole-hash.ts';
import { safeFileName, saveReceivedFile } from './save-received-file.ts';

const root = await mkdtemp(join(tmpdir(), 'offgrid-push-'));
after(() => rm(root, { recursive: true, force: true }));

const id = 'ab'.repeat(32);
const shape = { chunkCount: 3, chunkSize: 256 * 1024, totalBytes: 2 * 256 * 1024 + 10 };

describe('FilePushStore', () => {
  it('writes one file per chunk, leaves no temporary files, and reads them back after a restart', async () => {
    const dir = join(root, 'a');
    const chunks = await new FilePushStore(dir).open(id, shape);
    await chunks.put(0, testBytes(256 * 1024, 1));
    await chunks.put(2, testBytes(10, 2));
    assert.deepEqual((await readdir(join(dir, id))).sort(), ['0.chunk', '2.chunk']);
    const again = await new FilePushStore(dir).open(id, shape);
    assert.deepEqual((await again.held()).sort(), [0, 2]);
    assert.deepEqual(await again.get(2), testBytes(10, 2));
    assert.equal(await again.get(1), undefined);
    await again.delete(0);
    assert.deepEqual(await again.held(), [2]);
    assert.deepEqual(await new FilePushStore(dir).transfers(), [id]);
    await again.remove();
    assert.deepEqual(await new FilePushStore(dir).transfers(), []);
  });

  it('removes leftover temporary files and ignores short or stray files when reopened', async () => {
    const dir = join(root, 'b');
    const chunks = await new FilePushStore(dir).open(id, shape);
    await chunks.put(1, testBytes(256 * 1024, 3));
    await writeFile(join(dir, id, '0.chunk.123456.tmp'), 'torn write');
    await writeFile(join(dir, id, '2.chunk'), 'short'); // not the expected 10 bytes
    await writeFile(join(dir, id, '7.chunk'), 'past the end');
    await writeFile(join(dir, id, 'notes.txt'), 'stray');
    const reopened = await new FilePushStore(dir).open(id, shape);
    assert.deepEqual(await reopened.held(), [1]);
    assert.ok(!(await readdir(join(dir, id))).some((name) => name.endsWith('.tmp')));
  });

  it('refuses a transfer id that is not 64 hex digits (no path tricks)', async () => {
    await assert.rejects(new FilePushStore(root).open('../../etc', shape), { code: 'invalid-argument' });
  });

  it('carries a push through a receiver restart, and saves the file under a safe name', async () => {
    const dir = join(root, 'c');
    const store = new FilePushStore(dir);
    let puts = 0;
    let crash: (() => void) | undefined;
    const crashing: PushStore = {
      open: async (transferId, shape) => {
        const chunks = await store.open(transferId, shape);
        return {
          ...chunks,
          put: async (index, bytes) => {
            await chunks.put(index, bytes);
            if (++puts === 3) crash?.();
          },
        };
      },
    };
    const sender = createNode('s');
    let receiver = createNode('r', { store: crashing });
    const out = join(root, 'out');
    try {
      link(sender, receiver);
      const file = testBytes(3 * 1024 * 1024, 41);
      crash = () => {
        receiver.push.close();
        sender.channels.get('r')?.close();
      };
      const pushed = sender.push.push(file, { to: ['r'], name: '../../evil name.bin' });
      await until(() => puts >= 3, 5000, 'three chunks stored');
      receiver = createNode('r', { store: new FilePushStore(dir) });
      const got = nextReceived(receiver);
      link(sender, receiver);
      const result = await pushed;
      assert.equal(result.peers[0]?.status, 'confirmed');
      await mkdir(out);
      const received = await got;
      const first = await saveReceivedFile(received, out);
      const second = await saveReceivedFile(received, out);
      assert.equal(first, join(out, 'evil name.bin'));
      assert.equal(second, join(out, 'evil name-1.bin'));
      assert.deepEqual(new Uint8Array(await readFile(first)), file);
      assert.deepEqual((await readdir(out)).sort(), ['evil name-1.bin', 'evil name.bin']);
      await received.discard();
      assert.deepEqual(await store.transfers(), []);
    } finally {
      sender.push.close();
      receiver.push.close();
    }
  });

  it('pushes a file from disk as a Blob (fs.openAsBlob) with the node:crypto whole hash', async () => {
    const path = join(root, 'source.bin');
    const file = testBytes(2 * 1024 * 1024 + 5, 43);
    await writeFile(path, file);
    const sender = createNode('s', { wholeHash: nodeWholeHash });
    const receiver = createNode('r', { wholeHash: nodeWholeHash });
    try {
      link(sender, receiver);
      const got = nextReceived(receiver);
      const result = await sender.push.push(await openAsBlob(path), { to: ['r'], name: 'source.bin' });
      assert.equal(result.peers[0]?.status, 'confirmed');
      const received = await got;
      assert.equal(received.offer.name, 'source.bin');
      assert.deepEqual(await received.bytes(), file);
      assert.equal(received.offer.sha256, createHash('sha256').update(file).digest('hex'));
    } finally {
      sender.push.close();
      receiver.push.close();
    }
  });

  it('sanitises file names', () => {
    assert.equal(safeFileName('../a/b\\c', 'x'), 'c');
    assert.equal(safeFileName('..', 'fallback'), 'fallback');
    assert.equal(safeFileName('\u0000.hidden\u0007', 'x'), 'hidden');
    assert.equal(safeFileName('a'.repeat(500), 'x').length, 200);
  });
});
