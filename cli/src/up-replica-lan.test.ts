/**
 * The agent as the data mule, between network namespaces: devices A and B run `offgrid up` with a test app,
 * paired and granted the app's origin on both sides (their trust stores written as the trusted UI would); a third
 * namespace runs `offgrid serve`, unreachable at first. A page stand-in on each device edits once and leaves; with
 * no page open, A's edit reaches B's replica and B's reaches A's, over the agents' `offgrid-sync/test-app` data
 * channel. A then gets a route to the server: B's edit reaches the server through A, and B's replica keeps the
 * server confirmation that A relayed. B then stops; A is edited; B, started again, catches up by itself.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SqliteDocumentStore } from '@offgrid/framework/node';
import { SqliteStore } from '@offgrid/server';
import { decodeConfirmation } from '@offgrid/sync';
import { LineProcess, lanUnavailableReason, pollUntil } from '@offgrid/transport-lp2p/testing';
import * as Y from 'yjs';
import { CliProcess } from './testing/cli-process.ts';
import { type MuleLan, startMuleAgents, startMuleLan } from './testing/mule-lan.ts';
import { type UpDevice as Device, upArgs } from './testing/up-devices.ts';

const skip = lanUnavailableReason();
const TEST_APP = `${join(import.meta.dirname, 'testing', 'test-app.ts')}#testApp`;
const CLIENT = join(import.meta.dirname, 'testing', 'replica-client.ts');
const APP_LINE = /^test-app: http:\/\/127\.0\.0\.1:(?<port>\d+)\/test-app\/$/;
const DOC = 'test/shared';

const testAppArgs = (device: Device, extra: readonly string[] = []) =>
  upArgs(device, ['--app', TEST_APP, ...extra]);

/** DOC in a device's replica database and its kept server state, read beside the running agent (WAL allows it). */
async function replicaText(device: Device): Promise<{ text: string; doc: Y.Doc; meta: string | undefined }> {
  const store = new SqliteDocumentStore(join(device.stateDir, 'apps', 'test-app.db'));
  try {
    const doc = new Y.Doc();
    for (const update of (await store.load(DOC)).updates) Y.applyUpdate(doc, update);
    return { text: doc.getText('t').toString(), doc, meta: await store.readMeta(`server-state:${DOC}`) };
  } finally {
    await store.close();
  }
}

const until = <T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, ms = 30_000) =>
  pollUntil(read, ok, what, ms);

describe('offgrid up replicas between namespaces', { skip }, () => {
  let scene: MuleLan | undefined;
  const running: LineProcess[] = [];
  after(async () => {
    await Promise.all(running.map((p) => p.stop()));
    await scene?.close();
  });

  it('syncs A and B with no page open, and carries B’s edit to the server through A', async () => {
    scene = await startMuleLan({ name: 'replica-lan', token: 'team', prefixes: ['test/'] });
    const { a, b, link, files, server } = scene;
    // Paired and granted as the trusted UI records it, then started; A's with the server.
    const { upA, upB, tokens, appLines } = await startMuleAgents(
      scene,
      testAppArgs,
      APP_LINE,
      30_000,
      running,
    );
    assert.deepEqual(
      appLines,
      [a, b].map((device) => `test-app: http://127.0.0.1:${device.port}/test-app/`),
    );

    const edit = async (device: Device, text: string) => {
      const origin = `http://127.0.0.1:${device.port}`;
      const url = `ws://127.0.0.1:${device.port}/test-app/sync`;
      const client = new LineProcess(device.host, [
        CLIENT,
        url,
        origin,
        tokens.get(device) as string,
        DOC,
        text,
      ]);
      const done = await client
        .waitForLine((l) => l.startsWith('edited '), 20_000)
        .catch((error: Error) => {
          throw new Error(
            `editing '${text}': ${error.message}\nA: ${upA.lines.join('\n')}\nB: ${upB.lines.join('\n')}`,
          );
        });
      assert.equal(done, `edited ${text}`);
      assert.equal(await client.exited, 0);
    };
    await edit(a, 'from A;');
    const started = Date.now();
    const onB = await until(
      () => replicaText(b),
      (r) => r.text.includes('from A;'),
      'A’s edit on B',
    );
    console.log(`A's edit reached B's replica in ${Date.now() - started} ms (no page open)`);
    await edit(b, 'from B;');
    await until(
      () => replicaText(a),
      (r) => r.text.includes('from B;'),
      'B’s edit on A',
    );
    assert.ok(onB.text.includes('from A;'));

    // The server is unreachable so far; A gets a route, its gateway connects and uploads everyone's work.
    await link.up();
    const confirmed = await until(
      async () => {
        const { doc, meta } = await replicaText(b);
        return { meta, vector: Y.decodeStateVector(Y.encodeStateVector(doc)) };
      },
      ({ meta, vector }) => {
        if (meta === undefined) return false;
        const held = decodeConfirmation(meta)?.stateVector;
        return [...vector].every(([client, clock]) => (held?.get(client) ?? 0) >= clock);
      },
      'B to keep the server confirmation A relayed',
      90_000,
    );
    assert.ok(confirmed.meta);

    // B goes away; A is edited meanwhile; B comes back (a new process, rediscovered over mDNS) and catches up.
    assert.equal(await upB.stop(), 0);
    await edit(a, 'while B was away;');
    const upB2 = new CliProcess(b.host, testAppArgs(b));
    running.push(upB2);
    await upB2.waitForLine((l) => APP_LINE.test(l), 30_000);
    await until(
      () => replicaText(b),
      (r) => r.text.includes('while B was away;'),
      'B to catch up when back',
      60_000,
    );
    server.kill('SIGKILL');
    await new Promise((resolve) => server.once('exit', resolve));
    const onServer = new Y.Doc();
    Y.applyUpdate(onServer, new SqliteStore(files.data).load(DOC) as Uint8Array);
    const text = onServer.getText('t').toString();
    assert.ok(text.includes('from A;') && text.includes('from B;'), `the server holds both edits: ${text}`);
  });
});
