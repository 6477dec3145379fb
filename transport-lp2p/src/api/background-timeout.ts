/** What `setTimeout` returns on this host: a number in browsers, a Timeout object in Node. */
export type TimeoutHandle = ReturnType<typeof setTimeout>;

/**
 * `setTimeout` that does not keep a Node process alive for its sake (the handle is unref'd where the host has
 * that; browsers have no such notion). For housekeeping such as releasing idle buffers.
 * @example
 * const idle = backgroundTimeout(() => pool.clear(), 1000);
 * clearTimeout(idle);
 */
export function backgroundTimeout(callback: () => void, ms: number): TimeoutHandle {
  const handle = setTimeout(callback, ms);
  const timer: unknown = handle;
  if (typeof timer === 'object' && timer !== null && 'unref' in timer && typeof timer.unref === 'function') {
    timer.unref();
  }
  return handle;
}
