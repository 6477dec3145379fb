import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { TrustStoreCorruptError, UnknownPeerError } from '../errors/index.ts';
import { TrustStore } from './trust-store.ts';

const FP_A = `${'A'.repeat(43)}=`;
const FP_B = `${'B'.repeat(43)}=`;

describe('TrustStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'offgrid-trust-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('persists authentication and grants across instances, file mode 0600', async () => {
    const store = await TrustStore.open(dir);
    assert.equal(store.isAuthenticated(FP_A), false);
    await store.recordAuthenticated({ fingerprint: FP_A, displayName: 'Alice', modelName: 'm' });
    await store.setGrant(FP_A, 'https://notes.example', true);
    const reopened = await TrustStore.open(dir);
    assert.equal(reopened.isAuthenticated(FP_A), true);
    assert.equal(reopened.hasGrant(FP_A, 'https://notes.example'), true);
    assert.equal(reopened.hasGrant(FP_A, 'https://other.example'), false);
    assert.equal(reopened.get(FP_A)?.displayName, 'Alice');
    assert.equal((await stat(store.path)).mode & 0o777, 0o600);
  });

  it('unpair forgets authentication and grants', async () => {
    const store = await TrustStore.open(dir);
    await store.recordAuthenticated({ fingerprint: FP_A, displayName: 'Alice', modelName: 'm' });
    await store.setGrant(FP_A, 'o', true);
    assert.equal(await store.unpair(FP_A), true);
    assert.equal(await store.unpair(FP_A), false);
    assert.equal((await TrustStore.open(dir)).get(FP_A), undefined);
  });

  it('sees changes written by another instance (another process sharing the state dir)', async () => {
    const reader = await TrustStore.open(dir);
    const writer = await TrustStore.open(dir);
    await writer.recordAuthenticated({ fingerprint: FP_B, displayName: 'Bob', modelName: 'm' });
    assert.equal(reader.isAuthenticated(FP_B), false);
    await reader.refresh();
    assert.equal(reader.isAuthenticated(FP_B), true);
  });

  it('keeps every one of many concurrent updates', async () => {
    const store = await TrustStore.open(dir);
    await store.recordAuthenticated({ fingerprint: FP_A, displayName: 'Alice', modelName: 'm' });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.setGrant(FP_A, `origin-${i}`, true)));
    const reopened = await TrustStore.open(dir);
    assert.equal(Object.keys(reopened.get(FP_A)?.grants ?? {}).length, 20);
  });

  it('refuses to grant to an unknown peer', async () => {
    const store = await TrustStore.open(dir);
    await assert.rejects(store.setGrant(FP_A, 'o', true), UnknownPeerError);
  });

  it('rejects a corrupt file with a typed error and leaves it untouched', async () => {
    const path = join(dir, 'known-peers.json');
    for (const text of [
      '{not json',
      '{"version":2,"peers":[]}',
      '{"version":1,"peers":[{"fingerprint":"x"}]}',
    ]) {
      await writeFile(path, text);
      await assert.rejects(TrustStore.open(dir), (error: unknown) => error instanceof TrustStoreCorruptError);
      assert.equal(await readFile(path, 'utf8'), text);
    }
  });
});
