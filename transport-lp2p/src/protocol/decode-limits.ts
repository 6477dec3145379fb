/**
 * Bounds on what a peer may make us buffer or recurse into. All are checked against declared lengths and
 * counts before anything is allocated for them.
 */
export interface DecodeLimits {
  /** Largest whole frame (type key + CBOR) for every message except `data-frame`. */
  maxFrameBytes: number;
  /** Largest whole `data-frame` frame; its payload is application data and may be large. */
  maxDataFrameBytes: number;
  /** Deepest nesting of arrays and maps; the top-level map is depth 1. */
  maxDepth: number;
  /** Most CBOR data items (map keys and values counted separately) in one message. */
  maxItems: number;
}

/**
 * Defaults: control messages are tiny (the largest, agent-info, is a few hundred bytes), so 64 KiB leaves room
 * for extension fields. The deepest message we define nests 3 levels (agent-info-response → agent-info →
 * capabilities). 256 MiB bounds a single data-channel message; lower it where memory is scarce.
 */
export const defaultDecodeLimits: Readonly<DecodeLimits> = Object.freeze({
  maxFrameBytes: 64 * 1024,
  maxDataFrameBytes: 256 * 1024 * 1024,
  maxDepth: 8,
  maxItems: 4096,
});

/** Fills unspecified limits from `defaultDecodeLimits`; rejects nonsense so a typo cannot disable a limit. */
export function resolveLimits(limits?: Partial<DecodeLimits>): Readonly<DecodeLimits> {
  if (limits === undefined) return defaultDecodeLimits;
  const resolved = { ...defaultDecodeLimits, ...limits };
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`);
  }
  return resolved;
}
