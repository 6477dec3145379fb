import { MAX_RELAY_PART, toBase64 } from '../share/relay-protocol.ts';
import type { ShareFile } from '../share/share-types.ts';
import type { RelayLink, RelayRequests } from './relay-requests.ts';

/** A page socket with more than this queued is waited for before the next part. */
const HIGH_WATER = 4 * 1024 * 1024;

/**
 * Hands a file to the agent for share request `id`: `file-start` (name, type, size, recipients), then the bytes
 * as base64 `data` parts of at most `MAX_RELAY_PART`, at the socket's pace (a `Blob` is read part by part).
 */
export async function uploadFile(
  requests: RelayRequests,
  link: RelayLink,
  id: number,
  content: { readonly name: string; readonly type?: string; readonly bytes: ShareFile['bytes'] },
  to: readonly string[],
): Promise<void> {
  const { bytes } = content;
  const size = bytes instanceof Uint8Array ? bytes.byteLength : bytes.size;
  const type = content.type || 'application/octet-stream';
  requests.send({ op: 'file-start', id, name: content.name, type, size, to: [...to] });
  for (let offset = 0; offset < size; offset += MAX_RELAY_PART) {
    const part =
      bytes instanceof Uint8Array
        ? bytes.subarray(offset, offset + MAX_RELAY_PART)
        : new Uint8Array(await bytes.slice(offset, offset + MAX_RELAY_PART).arrayBuffer());
    while (link.bufferedAmount > HIGH_WATER) await new Promise((resolve) => setTimeout(resolve, 5));
    requests.send({ op: 'data', id, data: toBase64(part) });
  }
}
