/**
 * Reads a blob from `offgrid serve` as any client would (`GET /api/blobs/<sha256>`, bearer token), run in the
 * server's namespace; prints `status <code> bytes <n> sha256 <hex>` and exits.
 * Usage: node fetch-blob.ts BASE_URL TOKEN HASH
 */
import { createHash } from 'node:crypto';

const [base, token, hash] = process.argv.slice(2) as [string, string, string];
const response = await fetch(`${base}/api/blobs/${hash}`, { headers: { Authorization: `Bearer ${token}` } });
const bytes = new Uint8Array(await response.arrayBuffer());
const digest = createHash('sha256').update(bytes).digest('hex');
console.log(`status ${response.status} bytes ${bytes.byteLength} sha256 ${digest}`);
