import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as Y from 'yjs';
import { SqliteStore } from './sqlite-store.ts';
import { connectClient, type TestClient, waitFor } from './testing/provider-client.ts';
import { hasRedisServer, type RedisProcess, startRedis } from './testing/redis-process.ts';
import { type ServeProcess, startServeProcess } from './testing/serve-process.ts';
import { type ServeFiles, serveFiles } from './testing/temp-files.ts';

const NAME = 'survey/2026-flood/shared';

for (const layout of ['a SQLite file each', 'one shared SQLite file'] as const)
  describe(`offgrid serve --redis: two instances on one Redis, ${layout} (real processes)`, () => {
    let redis: RedisProcess;
    let files: ServeFiles;
    const instances: ServeProcess[] = [];
    const clients: TestClient[] = [];

    before(async () => {
      assert.ok(
        hasRedisServer(),
        'redis-server is installed (Debian package redis-server; .ci/run installs it)',
      );
      redis = await startRedis();
      files = serveFiles([{ token: 't', access: 'read-write', prefixes: ['survey/'] }]);
      for (const data of layout === 'one shared SQLite file'
        ? ['shared.sqlite', 'shared.sqlite']
        : ['a.sqlite', 'b.sqlite'])
        instances.push(
          await startServeProcess([
            '--port',
            '0',
            '--data',
            `${files.dir}/${data}`,
            '--tokens',
            files.tokens,
            '--redis',
            redis.url,
          ]),
        );
    });
    after(async () => {
      for (const client of clients) client.destroy();
      for (const instance of instances) if (instance.child.exitCode === null) await instance.stop();
      await redis?.stop();
      files?.remove();
    });

    it('clients on different instances edit one document and converge', async () => {
      const [a, b] = instances as [ServeProcess, ServeProcess];
      clients.push(connectClient(a.url, NAME, 't'), connectClient(b.url, NAME, 't'));
      const [onA, onB] = clients as [TestClient, TestClient];
      await waitFor(() => onA.provider.synced && onB.provider.synced, 5000, 'both synced');
      onA.doc.getText('t').insert(0, 'from A. ');
      onB.doc.getText('t').insert(0, 'from B. ');
      const same = () => onA.doc.getText('t').toString() === onB.doc.getText('t').toString();
      await waitFor(() => same() && onA.doc.getText('t').length === 16, 5000, 'convergence through Redis');
    });

    it('when an instance is killed, its client reconnects to the other and loses nothing', async () => {
      const [a, b] = instances as [ServeProcess, ServeProcess];
      const [onA, onB] = clients as [TestClient, TestClient];
      // A load balancer would send the reconnect elsewhere; here the client is pointed at B once A is gone.
      onA.provider.configuration.websocketProvider.on('disconnect', () => {
        onA.provider.configuration.websocketProvider.configuration.url = b.url;
      });
      let typed = 0;
      const timer = setInterval(() => {
        onA.doc.getArray('items').push([typed++]);
      }, 3);
      try {
        await new Promise((resolve) => setTimeout(resolve, 300));
        await a.kill9();
        await new Promise((resolve) => setTimeout(resolve, 300));
      } finally {
        clearInterval(timer);
      }
      const expected = Array.from({ length: typed }, (_, i) => i);
      await waitFor(
        () => onA.provider.synced && !onA.provider.hasUnsyncedChanges,
        10_000,
        'the client of the killed instance synced with the other',
      );
      await waitFor(
        () => onB.doc.getArray('items').length === typed,
        10_000,
        `the other instance's client has all ${typed} items`,
      );
      assert.deepEqual(onB.doc.getArray('items').toArray(), expected);
      assert.equal(onA.doc.getText('t').toString(), onB.doc.getText('t').toString());
      const fresh = connectClient(b.url, NAME, 't', new Y.Doc());
      clients.push(fresh);
      await waitFor(() => fresh.provider.synced, 5000, 'a fresh client synced with B');
      assert.deepEqual(fresh.doc.getArray('items').toArray(), expected);
      assert.ok(typed > 50, `${typed} items typed across the kill`);
      for (const client of clients.splice(0)) client.destroy();
      assert.equal(await b.stop(), 0);
      const store = new SqliteStore(
        `${files.dir}/${layout === 'one shared SQLite file' ? 'shared' : 'b'}.sqlite`,
      );
      const stored = new Y.Doc();
      Y.applyUpdate(stored, store.load(NAME) ?? new Uint8Array([0, 0]));
      store.close();
      assert.deepEqual(
        stored.getArray('items').toArray(),
        expected,
        "the surviving instance's file holds it all",
      );
    });
  });
