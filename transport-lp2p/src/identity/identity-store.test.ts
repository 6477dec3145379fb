import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { IdentityStateCorruptError, InvalidIdentityParameterError } from '../errors/index.ts';
import { IdentityStore } from './identity-store.ts';

const names = { instanceName: 'Kitchen', modelName: 'Offgrid' };
const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'offgrid-identity-'));
  dirs.push(dir);
  return dir;
}
after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('IdentityStore', () => {
  it('creates an identity once and returns the same one after a restart', async () => {
    const dir = await tempDir();
    const first = await new IdentityStore(dir).load(names);
    const again = await new IdentityStore(dir).load(names);
    assert.equal(again.fingerprint, first.fingerprint);
    assert.equal(again.serialNumber, first.serialNumber);
    assert.equal(again.certificatePem, first.certificatePem);
    assert.equal(first.counter, 1);
    const state = JSON.parse(await readFile(join(dir, 'agent-identity.json'), 'utf8'));
    assert.equal(state.counter, 1);
    assert.equal(state.serialBase, first.serialNumber.slice(0, 32));
  });

  it('keeps the key file private (0600) and tightens a loosened mode', async () => {
    const dir = await tempDir();
    await new IdentityStore(dir).load(names);
    const keyPath = join(dir, 'agent-key.pem');
    assert.equal((await stat(keyPath)).mode & 0o777, 0o600);
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
    await chmod(keyPath, 0o644);
    await new IdentityStore(dir).load(names);
    assert.equal((await stat(keyPath)).mode & 0o777, 0o600);
  });

  it('rotate() increments the counter, changes serial and hostname, keeps the key unless asked', async () => {
    const dir = await tempDir();
    const store = new IdentityStore(dir);
    const first = await store.load(names);
    const rotated = await store.rotate();
    assert.equal(rotated.counter, 2);
    assert.equal(rotated.serialNumber.slice(0, 32), first.serialNumber.slice(0, 32));
    assert.notEqual(rotated.serialNumber, first.serialNumber);
    assert.notEqual(rotated.hostname, first.hostname);
    assert.equal(rotated.fingerprint, first.fingerprint);
    const rekeyed = await store.rotate({ newKey: true });
    assert.equal(rekeyed.counter, 3);
    assert.notEqual(rekeyed.fingerprint, first.fingerprint);
    const reloaded = await new IdentityStore(dir).load(names);
    assert.equal(reloaded.counter, 3);
    assert.equal(reloaded.fingerprint, rekeyed.fingerprint);
  });

  it('re-issues the certificate with the next counter when the instance name changes', async () => {
    const dir = await tempDir();
    const first = await new IdentityStore(dir).load(names);
    const renamed = await new IdentityStore(dir).load({ ...names, instanceName: 'Pantry' });
    assert.equal(renamed.counter, 2);
    assert.match(renamed.hostname, /\.Pantry\.local$/);
    assert.equal(renamed.fingerprint, first.fingerprint);
  });

  it('never reuses a serial when the JSON lags behind the certificate (crash between writes)', async () => {
    const dir = await tempDir();
    const store = new IdentityStore(dir);
    await store.load(names);
    const stateBefore = await readFile(join(dir, 'agent-identity.json'), 'utf8');
    const rotated = await store.rotate();
    await writeFile(join(dir, 'agent-identity.json'), stateBefore);
    const reloaded = await new IdentityStore(dir).load(names);
    assert.equal(reloaded.serialNumber, rotated.serialNumber);
  });

  it('reports corrupt state with typed errors instead of replacing the identity', async () => {
    const cases: Array<[string, string]> = [
      ['agent-identity.json', '{not json'],
      ['agent-identity.json', '{"version":1,"serialBase":"zz","counter":1}'],
      ['agent-key.pem', '-----BEGIN PRIVATE KEY-----\ngarbage\n-----END PRIVATE KEY-----\n'],
      ['agent-cert.pem', 'not a certificate'],
    ];
    for (const [file, content] of cases) {
      const dir = await tempDir();
      await new IdentityStore(dir).load(names);
      await writeFile(join(dir, file), content);
      await assert.rejects(new IdentityStore(dir).load(names), IdentityStateCorruptError, file);
    }
    const dir = await tempDir();
    await new IdentityStore(dir).load(names);
    await rm(join(dir, 'agent-key.pem'));
    await assert.rejects(new IdentityStore(dir).load(names), {
      name: 'IdentityStateCorruptError',
      code: 'identity-state-corrupt',
    });
  });

  it('reports an unusable directory as IdentityStateIoError', async () => {
    const file = join(await tempDir(), 'not-a-directory');
    await writeFile(file, '');
    await assert.rejects(new IdentityStore(join(file, 'state')).load(names), {
      name: 'IdentityStateIoError',
      code: 'identity-state-io',
    });
  });

  it('rejects rotate() before load()', async () => {
    await assert.rejects(new IdentityStore(await tempDir()).rotate(), InvalidIdentityParameterError);
  });
});
