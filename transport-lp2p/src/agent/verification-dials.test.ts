import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DiscoveredAgent } from '../discovery/index.ts';
import { type DialLimits, VerificationDials } from './verification-dials.ts';

const limits: DialLimits = { burst: 4, perSecond: 2, perAddress: 2, addressWindowMs: 10_000, maxPending: 8 };

function agent(n: number, address = `10.0.0.${n}`): DiscoveredAgent {
  return {
    instanceName: `a${n}`,
    hostname: `h${n}.local`,
    fingerprint: `fp${n}`,
    metadataVersion: 1,
    authToken: 'tokentoken',
    addresses: [address],
    port: 4433,
    txt: {},
    lastSeen: 0,
  };
}

/** A dial that stays open until the test settles it, recording what was dialled. */
function rig() {
  let now = 0;
  const dialled: string[] = [];
  const open: (() => void)[] = [];
  const dials = new VerificationDials({
    limits,
    now: () => now,
    dial: (a) => {
      dialled.push(a.fingerprint);
      return new Promise<void>((resolve) => open.push(resolve));
    },
  });
  const finishAll = async () => {
    for (const resolve of open.splice(0)) resolve();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { dials, dialled, finishAll, advance: (ms: number) => (now += ms) };
}

describe('verification dials are rate-limited (issue 9 item 6)', () => {
  it('a burst, then the overall rate; the newest request first', async () => {
    const { dials, dialled, finishAll, advance } = rig();
    for (let n = 1; n <= 8; n += 1) dials.request(agent(n));
    assert.deepEqual(dialled, ['fp1', 'fp2', 'fp3', 'fp4']);
    await finishAll();
    assert.equal(dialled.length, 4, 'no token left');
    advance(500); // one token
    dials.request(agent(9));
    assert.deepEqual(dialled.slice(4), ['fp9'], 'the newcomer goes before the older queue');
    advance(1000);
    dials.pump();
    assert.deepEqual(dialled.slice(5), ['fp8', 'fp7']);
    assert.equal(dials.busy, 2 + 3, 'fp5 and fp6 wait; fp7–fp9 are being dialled');
    dials.stop();
  });

  it('at most two dials per address per window, however many agents name it', async () => {
    const { dials, dialled, finishAll, advance } = rig();
    for (let n = 1; n <= 6; n += 1) dials.request(agent(n, '10.0.0.99'));
    assert.equal(dialled.length, 2);
    await finishAll();
    advance(5_000);
    dials.pump();
    assert.equal(dialled.length, 2, 'still inside the window');
    advance(5_001);
    dials.pump();
    assert.equal(dialled.length, 4);
    dials.stop();
  });

  it('keeps at most maxPending requests, dropping the oldest; one request per fingerprint', () => {
    const { dials, dialled } = rig();
    for (let n = 1; n <= 20; n += 1) dials.request(agent(n));
    dials.request(agent(20));
    assert.equal(dialled.length, 4);
    assert.equal(dials.busy, 4 + 8);
    dials.cancel('fp20');
    assert.equal(dials.busy, 4 + 7);
    dials.stop();
    assert.equal(dials.busy, 4);
  });

  it('a failed dial frees its slot', async () => {
    let calls = 0;
    const dials = new VerificationDials({
      limits: { ...limits, burst: 1 },
      dial: async () => {
        calls += 1;
        throw new Error('unreachable');
      },
    });
    dials.request(agent(1));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(calls, 1);
    assert.equal(dials.busy, 0);
    dials.stop();
  });
});
