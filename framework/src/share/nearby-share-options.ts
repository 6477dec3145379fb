import type { PushLimits, PushStore, ReceivedPush, WholeHash } from '@offgrid/sync';

/** What `new NearbyShare(workspace, options)` takes. */
export interface NearbyShareOptions {
  /** This device's peer id as the others know it (its agent fingerprint). */
  readonly id: string;
  /** Where received chunks wait until imported (default: memory; Node: `FilePushStore` resumes after a restart). */
  readonly store?: PushStore;
  readonly limits?: Partial<PushLimits>;
  /** Node: `nodeWholeHash` from `@offgrid/sync/node` (ten times faster than the portable default). */
  readonly wholeHash?: () => WholeHash;
  /** How long a recipient may be away before the share gives up on it. Default 30 000. */
  readonly peerTimeoutMs?: number;
  /** An offer nobody answered is declined after this long. Default 300 000. */
  readonly offerTimeoutMs?: number;
  /**
   * Where received files go; resolves with a path. Default: none, the file's bytes come with the `import`
   * event. `@offgrid/framework/node` has `saveFilesTo(directory)`.
   */
  readonly saveFile?: (received: ReceivedPush) => Promise<string>;
}
