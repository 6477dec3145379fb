/**
 * Runs one suite of `bench/suites/` and prints its results as JSON lines on stdout, for `bench/run.ts`, which
 * starts one process per suite: a suite then measures its own subject, not the heap, sockets and timers that
 * the suites before it left behind.
 * Usage: node bench/run-suite.ts <suite file name>
 */
import { basename, join } from 'node:path';
import type { BenchSuite } from './bench-suite.ts';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: node bench/run-suite.ts <suite file name>');
const suite = (await import(join(import.meta.dirname, 'suites', file))) as BenchSuite;
if (suite.name !== basename(file, '.ts')) {
  throw new Error(`suite ${file} is named '${suite.name}': name a suite after its file`);
}
await suite.run((result) => process.stdout.write(`${JSON.stringify(result)}\n`));
// Suites may leave sockets or timers behind; the results are out, so the process ends here.
process.exit(0);
