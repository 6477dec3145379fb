import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DiscoveredAgent } from '../discovery/index.ts';
import type { KnownPeer } from '../trust/node.ts';
import { namesLookAlike, SUSPICIOUS_FAILURES, suspicionReasons } from './suspicion.ts';

const FP = `${'F'.repeat(43)}=`;
const TRUSTED_FP = `${'T'.repeat(43)}=`;

function seen(address: string, port = 4433, fingerprint = FP): DiscoveredAgent {
  return {
    instanceName: 'Kitchen',
    hostname: 'h.local',
    fingerprint,
    metadataVersion: 1,
    authToken: 'abcdefgh',
    addresses: [address],
    port,
    txt: {},
    lastSeen: 0,
  };
}
const trustedPeer: KnownPeer = {
  fingerprint: TRUSTED_FP,
  displayName: 'Living Room TV',
  modelName: '',
  authenticated: true,
  pairedAt: '2026-01-01T00:00:00Z',
  grants: {},
};
const base = { discovered: [], trusted: [], namesSeen: new Map(), failures: 0 };

describe('suspicious agents (osp-network §Local active network attackers)', () => {
  it('flags nothing for an ordinary agent', () => {
    assert.deepEqual(
      suspicionReasons(FP, {
        ...base,
        discovered: [seen('10.0.0.2')],
        namesSeen: new Map([[FP, new Set(['Kitchen'])]]),
      }),
      [],
    );
  });

  it('flags a fingerprint advertised from two endpoints at once', () => {
    const discovered = [seen('10.0.0.2'), seen('10.0.0.3')];
    assert.deepEqual(suspicionReasons(FP, { ...base, discovered }), ['fingerprint-collision']);
  });

  it('flags an untrusted agent whose name changed under the same fingerprint', () => {
    const namesSeen = new Map([[FP, new Set(['Kitchen', 'Bank terminal'])]]);
    assert.deepEqual(suspicionReasons(FP, { ...base, namesSeen }), ['name-changed']);
  });

  it('flags repeated failed authentication', () => {
    assert.deepEqual(suspicionReasons(FP, { ...base, failures: SUSPICIOUS_FAILURES - 1 }), []);
    assert.deepEqual(suspicionReasons(FP, { ...base, failures: SUSPICIOUS_FAILURES }), ['repeated-failures']);
  });

  it('flags a name that looks like a trusted agent’s', () => {
    for (const name of [
      'Living Room TV',
      'living-room tv',
      'Livlng Room TV',
      'Living Room TV\0',
      'Living R00m TV',
    ]) {
      const namesSeen = new Map([[FP, new Set([name])]]);
      assert.deepEqual(
        suspicionReasons(FP, { ...base, trusted: [trustedPeer], namesSeen }),
        ['similar-to-trusted'],
        name,
      );
    }
    const namesSeen = new Map([[FP, new Set(['Garage printer'])]]);
    assert.deepEqual(suspicionReasons(FP, { ...base, trusted: [trustedPeer], namesSeen }), []);
  });

  it('does not flag a trusted agent for the untrusted-only cases', () => {
    const namesSeen = new Map([[TRUSTED_FP, new Set(['Living Room TV', 'Renamed'])]]);
    assert.deepEqual(
      suspicionReasons(TRUSTED_FP, { ...base, trusted: [trustedPeer], namesSeen, failures: 9 }),
      [],
    );
  });

  it('flags untrusted agents that announce the same name under different fingerprints', () => {
    const other = `${'O'.repeat(43)}=`;
    const discovered = [seen('10.0.0.2'), { ...seen('10.0.0.9', 4433, other), instanceName: 'KITCHEN' }];
    assert.deepEqual(suspicionReasons(FP, { ...base, discovered }), ['duplicate-name']);
    assert.deepEqual(suspicionReasons(other, { ...base, discovered }), ['duplicate-name']);
    // Once one of them is paired, only the other is flagged, and as imitating the trusted one.
    const paired = { ...trustedPeer, fingerprint: FP, displayName: 'Kitchen' };
    const namesSeen = new Map([[other, new Set(['KITCHEN'])]]);
    const context = { ...base, discovered, trusted: [paired], namesSeen };
    assert.deepEqual(suspicionReasons(FP, context), []);
    assert.deepEqual(suspicionReasons(other, context), ['similar-to-trusted', 'duplicate-name']);
  });

  it('compares short names strictly', () => {
    assert.equal(namesLookAlike('TV', 'PC'), false);
    assert.equal(namesLookAlike('TV', 'tv'), true);
  });
});
