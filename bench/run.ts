/**
 * `npm run bench` prints a table; `npm run bench -- --json` prints one JSON object per line:
 * {"metric": "...", "value": <number>, "unit": "..."}. That line format is a contract: keep it stable.
 * `--only NAME` runs the suites whose name contains NAME. Each suite (a file in `suites/`, named after it) runs
 * in a process of its own (`run-suite.ts`).
 */
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { BenchResult } from './bench-suite.ts';

const args = process.argv.slice(2);
const json = args.includes('--json');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args[onlyIndex + 1] : undefined;

const suitesDir = join(import.meta.dirname, 'suites');
const files = (await readdir(suitesDir))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .filter((f) => !only || basename(f, '.ts').includes(only))
  .sort();
const results: BenchResult[] = [];
const failed: string[] = [];

for (const file of files) {
  const name = basename(file, '.ts');
  if (!json) process.stderr.write(`running ${name}…\n`);
  const ok = await runSuite(file, (result) => {
    results.push(result);
    if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
  });
  if (!ok) failed.push(name);
}

if (!json) {
  const width = Math.max(...results.map((r) => r.metric.length), 6);
  console.log(`${'metric'.padEnd(width)}  ${'value'.padStart(12)}  unit`);
  for (const r of results)
    console.log(`${r.metric.padEnd(width)}  ${formatValue(r.value).padStart(12)}  ${r.unit}`);
}
if (failed.length > 0) process.stderr.write(`failed: ${failed.join(', ')}\n`);
process.exit(failed.length > 0 ? 1 : 0);

/** Runs one suite in a child process; resolves whether it finished cleanly. */
async function runSuite(file: string, report: (result: BenchResult) => void): Promise<boolean> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'run-suite.ts'), file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.startsWith('{')) report(JSON.parse(line) as BenchResult);
    else if (line.trim() !== '') process.stderr.write(`${line}\n`);
  }
  return (await exited) === 0;
}

function formatValue(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(4);
}
