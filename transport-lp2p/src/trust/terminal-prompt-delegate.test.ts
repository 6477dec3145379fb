import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { TerminalPromptDelegate } from './terminal-prompt-delegate.ts';

const TERMINAL_ACTIVE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

test('names from the network reach the prompts escaped, never as raw control sequences', async () => {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk) => {
    shown += chunk;
  });
  const prompt = new TerminalPromptDelegate({ input, output, interactive: true });
  const peers = [
    { fingerprint: 'A'.repeat(44), name: 'Victim\x1b[31m', verified: true, suspicious: [] },
    {
      fingerprint: 'B'.repeat(44),
      name: 'Title\x1b]0;pwned\x07',
      verified: false,
      suspicious: ['name-changed'],
    },
    { fingerprint: 'C'.repeat(44), name: 'gpj.\u202eexe', verified: false, suspicious: [] },
  ];
  const chosen = prompt.choosePeer({ peers, signal: AbortSignal.timeout(5000) });
  input.write('2\n');
  assert.equal(await chosen, 'B'.repeat(44));
  const asked = prompt.requestPsk({ peer: peers[0] as (typeof peers)[0], signal: AbortSignal.timeout(5000) });
  input.write('123\n');
  await asked;
  prompt.close();
  // Only the line breaks the prompt writes itself are controls.
  for (const line of shown.split('\n')) assert.doesNotMatch(line, TERMINAL_ACTIVE, JSON.stringify(line));
  assert.match(shown, /Victim\\x1b\[31m/);
  assert.match(shown, /Title\\x1b\]0;pwned\\x07 \(unverified\) \[SUSPICIOUS: name-changed\]/);
  assert.match(shown, /gpj\.\\u\{202e\}exe \(unverified\)/);
});
