/** One benchmark measurement. The JSON line format of `npm run bench -- --json` is this object. */
export interface BenchResult {
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
}

export type Report = (result: BenchResult) => void;

/** A module in `bench/suites/` exports `name` and `run`. */
export interface BenchSuite {
  readonly name: string;
  run(report: Report): Promise<void>;
}

/** Percentile (0–100) of an unsorted sample, nearest-rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}
