/**
 * The front-door load test, small enough for `npm test` (the bench suite `front-door` runs it with 1 000 sessions):
 * 200 strangers hold unauthenticated sessions against an agent process from 25 loopback addresses while a trusted
 * peer reconnects over QUIC and TLS/TCP and exchanges agent-status round trips, and a newcomer pairs with SPAKE2.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runFrontDoorLoad } from './testing/front-door-load.ts';

describe('front door under load', () => {
  it('caps strangers, keeps the trusted peer fast, bounds memory and does not crash', async () => {
    const result = await runFrontDoorLoad({ connections: 200, seconds: 8, addresses: 25, samples: 100 });
    const figures = JSON.stringify(result);
    assert.ok(result.agentSurvived, figures);
    assert.ok(result.strangers.maxOpen > 64, `the strangers did get sessions: ${figures}`);
    assert.ok(result.maxUnauthenticated <= 64, `the agent held at most 64: ${figures}`);
    assert.ok(result.maxUnauthenticated > 0, figures);
    for (const transport of ['quic', 'tcp'] as const) {
      // The target ("within 2× of idle") is a speed figure: `npm run bench -- --only front-door` measures it
      // (front-door.*.rtt.loaded-vs-idle, docs/benchmarks.md). Here, on a machine that may be busy with other work,
      // only starvation fails: the trusted peer must still be served every time, within 250 ms.
      assert.ok(
        result.rttLoadedMs[transport] < 250,
        `${transport} round trip ${result.rttLoadedMs[transport]} ms loaded vs ${result.rttIdleMs[transport]} ms idle`,
      );
    }
    // A newcomer still pairs with SPAKE2 among the strangers (the run throws otherwise); 2 s is only a sanity bound.
    assert.ok(result.pairingLoadedMs < 2000, figures);
    // Without caps 1 000 held sessions cost 135–229 MB (issue 9); 200 capped at 64 must stay well under that.
    assert.ok(result.rssPeakBytes - result.rssBeforeBytes < 128e6, figures);
  });
});
