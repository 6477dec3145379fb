import assert from 'node:assert/strict';
import { it } from 'node:test';
import { defaultAuthCapabilities, localPresentsPsk, requiredPskBits } from './auth-roles.ts';

const withEase = (pskEaseOfInput: number) => ({ ...defaultAuthCapabilities, pskEaseOfInput });
const withBits = (pskMinBitsOfEntropy: number) => ({ ...defaultAuthCapabilities, pskMinBitsOfEntropy });

it('the agent with the lower psk-ease-of-input presents; on a tie the server does (osp-network §Authentication)', () => {
  assert.equal(localPresentsPsk(withEase(10), withEase(90), false), true);
  assert.equal(localPresentsPsk(withEase(90), withEase(10), true), false);
  assert.equal(localPresentsPsk(withEase(50), withEase(50), true), true);
  assert.equal(localPresentsPsk(withEase(50), withEase(50), false), false);
});

it('the PSK has at least the entropy either side asks for, within 20–60 bits', () => {
  assert.equal(requiredPskBits(withBits(20), withBits(20)), 20);
  assert.equal(requiredPskBits(withBits(20), withBits(48)), 48);
  assert.equal(requiredPskBits(withBits(60), withBits(30)), 60);
});
