import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { connectClient, waitFor } from './testing/provider-client.ts';
import { type ServeProcess, startServeProcess } from './testing/serve-process.ts';
import { type ServeFiles, serveFiles } from './testing/temp-files.ts';

const MESSAGES = 100_000;
const SECONDS = 60;
const HOSTILE = fileURLToPath(new URL('./testing/hostile-client.ts', import.meta.url));

describe('offgrid serve under hostile input (a real process)', () => {
  let files: ServeFiles;
  let server: ServeProcess;

  before(async () => {
    files = serveFiles([
      { token: 'good', access: 'read-write', prefixes: ['survey/'] },
      { token: 'hostile', access: 'read-write', prefixes: ['fuzz/'] },
    ]);
    server = await startServeProcess(['--port', '0', '--data', files.data, '--tokens', files.tokens]);
  });
  after(async () => {
    await server?.stop();
    files?.remove();
  });

  it(`survives ${MESSAGES} random and mutated messages while a well-behaved client never waits over 1 s`, async () => {
    const good = connectClient(server.url, 'survey/site-1', 'good');
    const watcher = connectClient(server.url, 'survey/site-1', 'good');
    await waitFor(() => good.provider.synced && watcher.provider.synced, 5000, 'good clients synced');
    const seed = Date.now() % 1_000_000;
    const hostile = spawn(
      process.execPath,
      [HOSTILE, server.url, 'hostile', 'fuzz/', String(MESSAGES), String(SECONDS), String(seed)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let summary = '';
    hostile.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      summary += chunk;
    });
    const finished = once(hostile, 'exit');
    let done = false;
    finished.then(() => {
      done = true;
    });
    const latencies: number[] = [];
    let typed = '';
    try {
      // Each edit waits for its acknowledgement and for the other client to receive it.
      while (!done) {
        const word = `w${latencies.length} `;
        const started = performance.now();
        good.doc.getText('t').insert(good.doc.getText('t').length, word);
        typed += word;
        await waitFor(
          () => !good.provider.hasUnsyncedChanges && watcher.doc.getText('t').toString() === typed,
          5000,
          `edit ${latencies.length} acknowledged and relayed (hostile seed ${seed})`,
        );
        latencies.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const [code] = await finished;
      assert.equal(code, 0);
      const { sent } = JSON.parse(summary) as { sent: number };
      assert.ok(sent >= MESSAGES, `sent ${sent} hostile messages within ${SECONDS} s (seed ${seed})`);
      assert.ok(latencies.length >= 10, `${latencies.length} edits measured`);
      const worst = Math.max(...latencies);
      assert.ok(worst < 1000, `worst edit round trip ${worst.toFixed(0)} ms (seed ${seed})`);
      assert.equal(server.child.exitCode, null, 'the server is still running');
      const health = await fetch(`http://127.0.0.1:${server.port}/healthz`);
      assert.equal(health.status, 200);
      const fresh = connectClient(server.url, 'survey/site-1', 'good', new Y.Doc());
      await waitFor(() => fresh.provider.synced, 5000, 'a fresh client synced');
      assert.equal(fresh.doc.getText('t').toString(), typed, 'the document holds exactly what was typed');
      fresh.destroy();
      const fuzzed = connectClient(server.url, 'fuzz/0', 'hostile', new Y.Doc());
      await waitFor(() => fuzzed.provider.synced, 5000, 'a fuzzed document still loads');
      fuzzed.destroy();
    } finally {
      hostile.kill();
      good.destroy();
      watcher.destroy();
    }
    assert.match(server.stderr(), /refused an update|closing connection|Error/, 'the refusals were logged');
  });
});
