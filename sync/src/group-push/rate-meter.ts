/** Bytes per second over the last few seconds, and the time left at that rate. The clock is passed in. */
export class RateMeter {
  readonly #now: () => number;
  readonly #windowMs: number;
  readonly #samples: Array<[time: number, bytes: number]> = [];

  constructor(now: () => number, windowMs = 3000) {
    this.#now = now;
    this.#windowMs = windowMs;
  }

  /** Records the running total of bytes done. */
  record(totalBytes: number): void {
    const time = this.#now();
    const samples = this.#samples;
    samples.push([time, totalBytes]);
    while (samples.length > 2 && (samples[0]?.[0] ?? time) < time - this.#windowMs) samples.shift();
    if (samples.length > 64) samples.splice(0, samples.length - 64);
  }

  /** Bytes per second (0 until two samples are apart in time). */
  get rate(): number {
    const first = this.#samples[0];
    const last = this.#samples.at(-1);
    if (!first || !last || last[0] <= first[0]) return 0;
    return ((last[1] - first[1]) * 1000) / (last[0] - first[0]);
  }

  /** Milliseconds until `remainingBytes` are done at the current rate; `undefined` while the rate is unknown. */
  remainingMs(remainingBytes: number): number | undefined {
    if (remainingBytes <= 0) return 0;
    const rate = this.rate;
    return rate > 0 ? Math.round((remainingBytes * 1000) / rate) : undefined;
  }
}
