/**
 * `npm run bench` prints a table; `npm run bench -- --json` prints one JSON object per line:
 * {"metric": "...", "value": <number>, "unit": "..."}. That line format is a contract: keep it stable.
 * `--only NAME` runs the suites whose name contains NAME.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchResult, BenchSuite } from './bench-suite.ts';

const args = process.argv.slice(2);
const json = args.includes('--json');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args[onlyIndex + 1] : undefined;

const suitesDir = join(import.meta.dirname, 'suites');
const files = (await readdir(suitesDir)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort();
const results: BenchResult[] = [];

for (const file of files) {
  const suite = (await import(join(suitesDir, file))) as BenchSuite;
  if (only && !suite.name.includes(only)) continue;
  if (!json) process.stderr.write(`running ${suite.name}…\n`);
  await suite.run((result) => {
    results.push(result);
    if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
  });
}

if (!json) {
  const width = Math.max(...results.map((r) => r.metric.length), 6);
  console.log(`${'metric'.padEnd(width)}  ${'value'.padStart(12)}  unit`);
  for (const r of results)
    console.log(`${r.metric.padEnd(width)}  ${formatValue(r.value).padStart(12)}  ${r.unit}`);
}
process.exit(0);

function formatValue(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(4);
}
