import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Spake2ParameterError, Spake2StateError } from '../errors/index.ts';
import { createAgentIdentity } from '../identity/index.ts';
import {
  decodePskNumeric,
  decodePskQrText,
  encodePskNumeric,
  encodePskQrText,
  generatePsk,
  pskPassword,
} from './psk.ts';
import { Spake2 } from './spake2.ts';
import { OSP_CONFIRMATION_BYTES, ospSpake2Identity } from './spake2-osp.ts';
import { p256Sha256 } from './spake2-p256.ts';

const utf8 = new TextEncoder();
const clientFp = utf8.encode('q7YdJ1x6T5cYbB8Zb1l0f1mZ0zvH8b3hS0rNQm6bW1U=');
const serverFp = utf8.encode('Zz3l3fC0m7d0gT3o1bU8mX0n2a4JwzF7YbQk5eR2c8A=');
const password = utf8.encode('61488548833');
const ids = { identityA: clientFp, identityB: serverFp };

function exchange(pwA: Uint8Array, pwB: Uint8Array, extraA = {}, extraB = {}) {
  const a = Spake2.forOsp('A', { password: pwA, ...ids, ...extraA });
  const b = Spake2.forOsp('B', { password: pwB, ...ids, ...extraB });
  const ka = a.finish(b.publicValue);
  const kb = b.finish(a.publicValue);
  return { a, b, ka, kb };
}

describe('SPAKE2 with the OSP suite (edwards25519-SHA256-HKDF-HMAC, w = SHA-512(pw) mod p)', () => {
  it('agrees on Ke and each side verifies the other’s confirmation', () => {
    const { a, b, ka, kb } = exchange(password, password);
    assert.equal(a.publicValue.length, 32);
    assert.equal(b.publicValue.length, 32);
    assert.deepEqual(ka.sharedKey, kb.sharedKey);
    assert.equal(ka.sharedKey.length, 16);
    assert.equal(ka.confirmation.length, OSP_CONFIRMATION_BYTES);
    assert.notDeepEqual(ka.confirmation, kb.confirmation);
    assert.equal(kb.verifyPeerConfirmation(ka.confirmation), true);
    assert.equal(ka.verifyPeerConfirmation(kb.confirmation), true);
  });

  it('pairs two agents from a generated PSK, one typing it and one scanning it', async () => {
    const [client, server] = await Promise.all([
      createAgentIdentity({ instanceName: 'Phone', modelName: 'Offgrid' }),
      createAgentIdentity({ instanceName: 'TV', modelName: 'Offgrid' }),
    ]);
    const agents = {
      identityA: ospSpake2Identity(client.fingerprint),
      identityB: ospSpake2Identity(server.fingerprint),
    };
    assert.equal(agents.identityA.length, 44);
    const psk = generatePsk(40);
    const a = Spake2.forOsp('A', {
      password: pskPassword(decodePskNumeric(encodePskNumeric(psk))),
      ...agents,
    });
    const b = Spake2.forOsp('B', { password: pskPassword(decodePskQrText(encodePskQrText(psk))), ...agents });
    const ka = a.finish(b.publicValue);
    const kb = b.finish(a.publicValue);
    assert.equal(kb.verifyPeerConfirmation(ka.confirmation), true);
    assert.equal(ka.verifyPeerConfirmation(kb.confirmation), true);
  });

  it('fails confirmation on a wrong password, swapped identities or different AAD', () => {
    const wrong = exchange(password, utf8.encode('61488548834'));
    assert.equal(wrong.kb.verifyPeerConfirmation(wrong.ka.confirmation), false);
    assert.equal(wrong.ka.verifyPeerConfirmation(wrong.kb.confirmation), false);
    assert.notDeepEqual(wrong.ka.sharedKey, wrong.kb.sharedKey);

    const a = Spake2.forOsp('A', { password, ...ids });
    const b = Spake2.forOsp('B', { password, identityA: serverFp, identityB: clientFp });
    assert.equal(b.finish(a.publicValue).verifyPeerConfirmation(a.finish(b.publicValue).confirmation), false);

    const aad = exchange(password, password, { aad: utf8.encode('v1') }, { aad: utf8.encode('v2') });
    assert.deepEqual(aad.ka.sharedKey, aad.kb.sharedKey, 'AAD only enters the confirmation keys');
    assert.equal(aad.kb.verifyPeerConfirmation(aad.ka.confirmation), false);
  });

  it('rejects confirmations of the wrong length without throwing', () => {
    const { ka, kb } = exchange(password, password);
    assert.equal(kb.verifyPeerConfirmation(ka.confirmation.subarray(0, 31)), false);
    assert.equal(kb.verifyPeerConfirmation(new Uint8Array(64)), false);
  });

  it('draws a fresh scalar every attempt', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 8; i++)
      seen.add(Buffer.from(Spake2.forOsp('A', { password, ...ids }).publicValue).toString('hex'));
    assert.equal(seen.size, 8);
  });

  it('is single-use', () => {
    const a = Spake2.forOsp('A', { password, ...ids });
    const b = Spake2.forOsp('B', { password, ...ids });
    a.finish(b.publicValue);
    assert.throws(() => a.finish(b.publicValue), Spake2StateError);
  });

  it('rejects bad local parameters', () => {
    assert.throws(() => Spake2.forOsp('A', { password: new Uint8Array(0), ...ids }), Spake2ParameterError);
    assert.throws(() => Spake2.create('A', p256Sha256, { ...ids, w: 0n }), Spake2ParameterError);
    assert.throws(
      () => Spake2.create('A', p256Sha256, { ...ids, w: 1n, scalar: p256Sha256.group.order }),
      Spake2ParameterError,
    );
    assert.throws(
      () => Spake2.forOsp('A', { password, ...ids, aad: new Uint8Array(8177) }),
      Spake2ParameterError,
    );
  });
});
