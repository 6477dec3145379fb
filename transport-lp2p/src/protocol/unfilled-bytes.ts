/** Below this, zero-filling costs less than a separate allocation outside V8's heap. */
const SMALL = 4096;

/** The one Node API used here, found at run time so this module stays portable (no `Buffer` type needed). */
interface NodeBufferAllocator {
  allocUnsafeSlow(size: number): { readonly buffer: ArrayBuffer };
}

// Node's Buffer, if this runs in Node: its allocUnsafeSlow skips the zero-fill. Elsewhere (browsers) every
// allocation is zero-filled, which is correct and only slower.
const nodeBuffer = (globalThis as { Buffer?: Partial<NodeBufferAllocator> }).Buffer;
const allocUnsafeSlow =
  typeof nodeBuffer?.allocUnsafeSlow === 'function' ? nodeBuffer.allocUnsafeSlow.bind(nodeBuffer) : undefined;

/**
 * A Uint8Array over a fresh ArrayBuffer of exactly `length` bytes, not zero-filled where the host can skip it
 * (Node): for the bulk paths that overwrite every byte at once, where zero-filling a megabyte costs about as
 * much as copying it. The caller must write all of it before anyone else sees it.
 * @example
 * const copy = unfilledBytes(source.length);
 * copy.set(source);
 */
export function unfilledBytes(length: number): Uint8Array {
  if (length < SMALL || allocUnsafeSlow === undefined) return new Uint8Array(length);
  return new Uint8Array(allocUnsafeSlow(length).buffer, 0, length);
}
