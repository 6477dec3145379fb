/** Below this, zero-filling costs less than a separate allocation outside V8's heap. */
const SMALL = 4096;

/**
 * A Uint8Array over a fresh ArrayBuffer of exactly `length` bytes, not zero-filled: for the bulk paths that
 * overwrite every byte at once, where zero-filling a megabyte costs about as much as copying it. The caller
 * must write all of it before anyone else sees it.
 * @example
 * const copy = unfilledBytes(source.length);
 * copy.set(source);
 */
export function unfilledBytes(length: number): Uint8Array {
  if (length < SMALL) return new Uint8Array(length);
  return new Uint8Array(Buffer.allocUnsafeSlow(length).buffer, 0, length);
}
