import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseMilliseconds, parseOptions, parsePort, parsePskEase, UsageError } from './cli-options.ts';

const CLI = join(import.meta.dirname, '../bin/offgrid.js');

describe('command-line numbers are decimal integers in range, or a clear usage error', () => {
  it('takes plain decimal digits', () => {
    assert.equal(parsePort('0'), 0);
    assert.equal(parsePort('4433'), 4433);
    assert.equal(parsePort('65535'), 65535);
    assert.equal(parsePort(undefined), undefined);
    assert.equal(parseMilliseconds('1500', 0), 1500);
    assert.equal(parseMilliseconds(undefined, 7), 7);
    assert.equal(parsePskEase('100', 0), 100);
  });

  it('refuses hex, exponents, fractions, signs, blanks and out-of-range values, naming the flag and range', () => {
    for (const value of [
      '0x50',
      '1e3',
      '80.0',
      '+80',
      ' 80',
      '',
      '0b1',
      '65536',
      '-1',
      '99999999999999999999',
    ]) {
      assert.throws(
        () => parsePort(value),
        (error: unknown) =>
          error instanceof UsageError &&
          error.code === 'usage' &&
          error.message === `--port takes a decimal integer from 0 to 65535, not '${value}'`,
        value,
      );
    }
    assert.throws(
      () => parseMilliseconds('-5', 0),
      /--wait takes a decimal integer from 0 to 600000, not '-5'/,
    );
    assert.throws(() => parseMilliseconds('600001', 0), /--wait takes a decimal integer from 0 to 600000/);
    assert.throws(
      () => parsePskEase('1e2', 0),
      /--psk-ease takes a decimal integer from 0 to 100, not '1e2'/,
    );
  });

  it('passes a negative number after a flag to that flag’s check instead of calling it ambiguous', () => {
    const options = {
      port: { type: 'string' },
      wait: { type: 'string' },
      json: { type: 'boolean' },
    } as const;
    const { values } = parseOptions(['--port', '-1', '--wait', '-5', '--json'], options);
    assert.equal(values.port, '-1');
    assert.equal(values.wait, '-5');
    assert.throws(() => parsePort(values.port), /--port takes a decimal integer from 0 to 65535, not '-1'/);
    // Other dash-words are still flags: a missing value stays an error, an unknown flag too.
    assert.throws(() => parseOptions(['--port', '--json'], options), UsageError);
    assert.throws(() => parseOptions(['--port', '-x'], options), UsageError);
  });
});

describe('the offgrid command', () => {
  const run = (args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000 });

  for (const [flag, value, message] of [
    ['--port', '0x50', "--port takes a decimal integer from 0 to 65535, not '0x50'"],
    ['--port', '1e3', "--port takes a decimal integer from 0 to 65535, not '1e3'"],
    ['--port', '-1', "--port takes a decimal integer from 0 to 65535, not '-1'"],
  ] as const) {
    it(`agent ${flag} ${value} exits 2 with a message naming the flag, before binding anything`, () => {
      const result = run(['agent', '--name', 'x', '--state-dir', '/nonexistent/offgrid', flag, value]);
      assert.equal(result.status, 2, result.stderr);
      assert.match(
        result.stderr,
        new RegExp(`^offgrid: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'),
      );
      assert.doesNotMatch(result.stderr, /ambiguous/);
    });
  }

  it('peers --wait -5 exits 2 naming --wait and its range', () => {
    const result = run(['peers', '--wait', '-5', '--state-dir', '/nonexistent/offgrid']);
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /^offgrid: --wait takes a decimal integer from 0 to 600000, not '-5'$/m);
  });
});
