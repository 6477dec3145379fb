/**
 * Runs one `*.example.ts` and prints `example completed` once its top-level code has finished, which is how a test
 * observes examples that print nothing (e.g. `await transport.ready`).
 */
import { pathToFileURL } from 'node:url';

const file = process.argv[2];
if (!file) throw new Error('usage: run-example.ts FILE');
await import(pathToFileURL(file).href);
console.log('example completed');
