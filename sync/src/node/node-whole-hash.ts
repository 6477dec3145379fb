import { createHash } from 'node:crypto';
import type { WholeHash } from '../group-push/chunk-hash.ts';

/**
 * The whole-content SHA-256 by node:crypto (OpenSSL), about ten times faster than the portable one: pass it as
 * `new GroupPush({ wholeHash: nodeWholeHash, … })` in Node.
 */
export function nodeWholeHash(): WholeHash {
  const hash = createHash('sha256');
  return {
    update: (bytes) => hash.update(bytes),
    digest: () => new Uint8Array(hash.digest()),
  };
}
