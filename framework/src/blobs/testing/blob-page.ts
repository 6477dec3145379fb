/**
 * Page of the Chromium blob store test (bundled with esbuild). `?put=SEED` stores a 2 MiB blob made from SEED
 * and logs `put <hash>` once `put` resolved (the test SIGKILLs the browser then); `?check=HASH` logs
 * `check <json>`: what the reopened store holds, and the codes of the refusals.
 */
// Through the package's portable entry: bundling it for the browser also proves it loads no `node:` module.
import { BlobError, blobHash, IndexedDbBlobStore } from '../../index.ts';

const store = new IndexedDbBlobStore('offgrid-blobs-test', { maxBytes: 4 * 1024 * 1024 });
const params = new URL((globalThis as unknown as { location: { href: string } }).location.href).searchParams;

function bytesOf(seed: number, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

const codeOf = (work: Promise<unknown>) =>
  work.then(
    () => 'resolved',
    (error: unknown) => (error instanceof BlobError ? error.code : String(error)),
  );

const put = params.get('put');
if (put !== null) console.log(`put ${await store.put(bytesOf(Number(put), 2 * 1024 * 1024))}`);
const check = params.get('check');
if (check !== null) {
  const got = await store.get(check);
  const other = bytesOf(99, 1000);
  console.log(
    `check ${JSON.stringify({
      has: await store.has(check),
      rehash: got === undefined ? null : await blobHash(got),
      size: got?.byteLength ?? null,
      list: await store.list(),
      missing: await store.missing([check, await blobHash(other)]),
      mismatch: await codeOf(store.put(other, check)),
      tooLarge: await codeOf(store.put(new Uint8Array(4 * 1024 * 1024 + 1))),
      invalid: await codeOf(store.get('nope')),
    })}`,
  );
}
