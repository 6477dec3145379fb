import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parsePeerProxyPath, peerProxyPath } from './peer-proxy-path.ts';

// A fingerprint with every base64 character that is special in URLs.
const FINGERPRINT = 'ab+/cd+/ef0123456789ABCDEFGHIJKLMNOPQRSTUVW=';

it('writes the fingerprint as one base64url segment and reads it back', () => {
  const path = peerProxyPath(FINGERPRINT, '/photos/1.jpg?size=small');
  assert.equal(path, '/peer/ab-_cd-_ef0123456789ABCDEFGHIJKLMNOPQRSTUVW/photos/1.jpg?size=small');
  assert.deepEqual(parsePeerProxyPath(path), { fingerprint: FINGERPRINT, path: '/photos/1.jpg?size=small' });
});

it('reads a percent-encoded standard fingerprint, and a bare peer root as "/"', () => {
  const encoded = `/peer/${encodeURIComponent(FINGERPRINT)}`;
  assert.deepEqual(parsePeerProxyPath(encoded), { fingerprint: FINGERPRINT, path: '/' });
  assert.deepEqual(parsePeerProxyPath(`${encoded}?q=1`), { fingerprint: FINGERPRINT, path: '/?q=1' });
});

it('rejects anything that is not /peer/<fingerprint>', () => {
  for (const url of [
    '/',
    '/peer/',
    '/peer/short/x',
    `/peer/${'a'.repeat(44)}/x`, // 44 characters of base64url: not 32 bytes
    '/peer/%E0%A4%A/x', // malformed percent-encoding
    `/peer/${'a'.repeat(42)}/x`,
    `http://127.0.0.1/peer/${encodeURIComponent(FINGERPRINT)}/`, // absolute-form is not ours
    `/PEER/${encodeURIComponent(FINGERPRINT)}/`,
  ]) {
    assert.equal(parsePeerProxyPath(url), undefined, url);
  }
});
