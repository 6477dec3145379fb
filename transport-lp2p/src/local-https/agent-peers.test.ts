import assert from 'node:assert/strict';
import { it } from 'node:test';
import { encodeOspTxt } from '../discovery/index.ts';
import { LOCAL_HTTPS_TXT_KEY, parseTxtPort } from './agent-peers.ts';

const fingerprint = Buffer.alloc(32, 7).toString('base64');

it('the advertised Local HTTPS port travels as the `https` TXT key', () => {
  const strings = encodeOspTxt({ fingerprint, metadataVersion: 1, authToken: 'abcdefgh', httpsPort: 8443 });
  const pairs = strings.map((s) => s.toString('utf8'));
  assert.ok(pairs.includes(`${LOCAL_HTTPS_TXT_KEY}=8443`), pairs.join(' '));
  assert.equal(parseTxtPort('8443'), 8443);
});

it('a malformed or absent port reads as no service', () => {
  for (const value of [undefined, '', '0', '65536', '99999', '-1', '80x', ' 80', '0x50', '1e3', '123456']) {
    assert.equal(parseTxtPort(value), undefined, String(value));
  }
  assert.equal(parseTxtPort('65535'), 65535);
  assert.equal(parseTxtPort('1'), 1);
});
