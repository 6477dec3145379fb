/**
 * Waits for tests that have no event to wait on: check again every few milliseconds until a condition holds,
 * within a time limit each test sets for itself. Portable (no Node modules), so also its own entry,
 * `@offgrid/transport-lp2p/testing/until`, for packages type-checked with the DOM library.
 */

/**
 * Calls `ready` every 5 ms until it returns true; after `ms` throws `timed out after ${ms} ms waiting for ${what}`.
 *
 * @example
 * await until(() => peer.connected, 'the peer to connect', 10_000);
 */
export async function until(ready: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Reads `read()` every 200 ms until `ok` accepts the value, and returns it; after `ms` throws naming `what` and
 * the last value read (namespace tests wait on files, processes and servers this way).
 */
export async function pollUntil<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  what: string,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
