import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { SyncHub } from '../hub/sync-hub.ts';
import type { ScheduleClock } from './reconnect-schedule.ts';
import { ServerConfirmations } from './server-confirmations.ts';
import { ServerGateway } from './server-gateway.ts';

/** Simulated time: timers run only when the test advances the clock. */
class FakeClock implements ScheduleClock {
  time = 0;
  #timers = new Map<number, { at: number; callback: () => void }>();
  #next = 1;
  #seed = 42;

  now = (): number => this.time;
  setTimeout = (callback: () => void, ms: number): unknown => {
    const id = this.#next++;
    this.#timers.set(id, { at: this.time + ms, callback });
    return id;
  };
  clearTimeout = (handle: unknown): void => {
    this.#timers.delete(handle as number);
  };
  random = (): number => {
    this.#seed = (this.#seed * 1103515245 + 12345) % 2 ** 31;
    return this.#seed / 2 ** 31;
  };

  /** Runs every timer due up to `until`, in order, letting microtasks run between them. */
  async advanceTo(until: number): Promise<void> {
    for (;;) {
      for (let i = 0; i < 5; i++) await Promise.resolve();
      const due = [...this.#timers].sort((x, y) => x[1].at - y[1].at)[0];
      if (due === undefined || due[1].at > until) break;
      this.#timers.delete(due[0]);
      this.time = due[1].at;
      due[1].callback();
    }
    this.time = until;
  }
}

/** A socket whose connection always fails at once (no route to the server). */
function unreachable(): EventTarget & {
  readyState: number;
  bufferedAmount: number;
  send(): void;
  close(): void;
} {
  return Object.assign(new EventTarget(), { readyState: 3, bufferedAmount: 0, send() {}, close() {} });
}

const hubs: SyncHub[] = [];
after(() => {
  for (const hub of hubs) hub.destroy();
});

function offlineGateway(clock: FakeClock, starts: number[]): ServerGateway {
  const hub = new SyncHub();
  hubs.push(hub);
  hub.open('notes');
  return new ServerGateway(hub, new ServerConfirmations(hub), {
    url: 'ws://192.0.2.1:1',
    token: 't',
    clock,
    networkChanges: () => () => {},
    createSocket: () => {
      starts.push(clock.time);
      return unreachable();
    },
  });
}

describe('reconnecting while offline', () => {
  it('backs off exponentially with jitter up to 60 s and never busy-loops over 6 simulated hours', async () => {
    const clock = new FakeClock();
    const starts: number[] = [];
    const gateway = offlineGateway(clock, starts);
    gateway.start();
    const hours = 6;
    await clock.advanceTo(hours * 3600_000);
    const gaps = starts.slice(1).map((t, i) => t - (starts[i] as number));
    assert.ok(gaps[0] !== undefined && gaps[0] >= 500 && gaps[0] < 1000, `first retry after ${gaps[0]} ms`);
    // Each ceiling doubles (1, 2, 4, 8, 16, 32 s) and the delay is drawn in [ceiling / 2, ceiling).
    for (let i = 0; i < 6; i++) {
      const ceiling = 1000 * 2 ** i;
      assert.ok(
        (gaps[i] as number) >= ceiling / 2 && (gaps[i] as number) < ceiling,
        `retry ${i}: ${gaps[i]} ms`,
      );
    }
    assert.ok(Math.max(...gaps) <= 60_000, 'capped at 60 s');
    const late = gaps.slice(10);
    assert.ok(Math.min(...late) >= 30_000, 'past the ramp, never under half the cap');
    assert.ok(new Set(late).size > late.length / 2, 'jittered');
    // 6 h at 30–60 s: between 360 and 720 tries, plus the ramp.
    assert.ok(starts.length >= 360 && starts.length <= 730, `${starts.length} attempts in ${hours} h`);
    assert.equal(gateway.state, 'waiting');
    gateway.stop();
    const before = starts.length;
    await clock.advanceTo(clock.time + 3600_000);
    assert.equal(starts.length, before, 'stopped: no more attempts');
  });

  it('tries at once on a network change, but a storm of changes makes one try', async () => {
    const clock = new FakeClock();
    const starts: number[] = [];
    const gateway = offlineGateway(clock, starts);
    gateway.start();
    await clock.advanceTo(600_000); // backed off to the cap by now
    const before = starts.length;
    for (let i = 0; i < 1000; i++) gateway.networkChanged();
    await clock.advanceTo(clock.time + 100);
    assert.equal(starts.length, before + 1, 'one immediate try');
    assert.equal(starts.at(-1), 600_000);
    gateway.stop();
  });
});
