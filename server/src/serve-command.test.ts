import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { OFFGRID_BIN } from './testing/serve-process.ts';
import { serveFiles } from './testing/temp-files.ts';

function serve(...args: string[]) {
  return spawnSync(process.execPath, [OFFGRID_BIN, 'serve', ...args], { encoding: 'utf8', timeout: 15_000 });
}

describe('offgrid serve command line', () => {
  it('is listed in the usage of offgrid', () => {
    const result = spawnSync(process.execPath, [OFFGRID_BIN, '--help'], {
      encoding: 'utf8',
      timeout: 15_000,
    });
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^ {2}serve --port P --data FILE.sqlite --tokens FILE/m);
  });

  it('--help documents every flag and exits 0', () => {
    const result = serve('--help');
    assert.equal(result.status, 0);
    for (const flag of [
      '--port',
      '--data',
      '--tokens',
      '--host',
      '--redis',
      '--max-message-bytes',
      '--max-documents-per-connection',
      '--max-connections-per-token',
      '--help',
    ])
      assert.match(result.stdout, new RegExp(`^\\s+${flag} `, 'm'), flag);
  });

  it('exits 2 with the usage on a missing or unknown flag', () => {
    for (const args of [
      ['--port', '0', '--tokens', 't.json'],
      ['--port', '0', '--bogus'],
      ['--port', 'x'],
    ]) {
      const result = serve(...args);
      assert.equal(result.status, 2, args.join(' '));
      assert.match(result.stderr, /usage: offgrid serve/);
    }
  });

  it('exits 1 naming the fault when the tokens file is invalid, or Redis cannot be reached', () => {
    const files = serveFiles([]);
    try {
      writeFileSync(files.tokens, '[{"token": 1}]');
      const bad = serve('--port', '0', '--data', files.data, '--tokens', files.tokens);
      assert.equal(bad.status, 1);
      assert.match(bad.stderr, /entry 0: "token" must be a non-empty string/);
      files.writeTokens([]);
      // Port 1 on loopback: nothing listens there.
      const noRedis = serve(
        '--port',
        '0',
        '--data',
        files.data,
        '--tokens',
        files.tokens,
        '--redis',
        'redis://127.0.0.1:1',
      );
      assert.equal(noRedis.status, 1);
      assert.match(noRedis.stderr, /cannot reach Redis/);
    } finally {
      files.remove();
    }
  });
});
