import { open } from 'node:fs/promises';
import { MAX_RELAY_PART, ShareRelayError, toBase64 } from '../../share/relay-protocol.ts';
import type { PageSocket } from '../replica/replica.ts';
import { sendToPage } from './page-frames.ts';

/** Imported files a page may still fetch, newest kept. */
const KEEP_FILES = 64;
/** A page socket with more than this queued is waited for before the next `data` frame. */
const HIGH_WATER = 4 * 1024 * 1024;

/**
 * The files the agent's share imported (saved on disk by its `saveFile`) that pages may fetch: the last
 * {@link KEEP_FILES} by transfer id, sent to a page as `data` frames at the socket's pace, then a `reply`.
 */
export class ImportedFiles {
  readonly #paths = new Map<string, string>();

  keep(transferId: string, path: string): void {
    this.#paths.delete(transferId);
    this.#paths.set(transferId, path);
    for (const oldest of this.#paths.keys()) {
      if (this.#paths.size <= KEEP_FILES) break;
      this.#paths.delete(oldest);
    }
  }

  /** Sends file `transferId` to the page as the answer to request `id`; throws `malformed` for an unknown id. */
  async send(socket: PageSocket, id: number, transferId: string): Promise<void> {
    const path = this.#paths.get(transferId);
    if (path === undefined) throw new ShareRelayError('malformed', 'no imported file with that transfer id');
    const file = await open(path);
    try {
      const buffer = new Uint8Array(MAX_RELAY_PART);
      let size = 0;
      for (;;) {
        const { bytesRead } = await file.read(buffer, 0, buffer.length, size);
        if (bytesRead === 0) break;
        size += bytesRead;
        while (socket.bufferedAmount > HIGH_WATER) await new Promise((resolve) => setTimeout(resolve, 5));
        if (socket.readyState !== 1) return;
        sendToPage(socket, { op: 'data', id, data: toBase64(buffer.subarray(0, bytesRead)) });
      }
      sendToPage(socket, { op: 'reply', id, ok: true, result: { size } });
    } finally {
      await file.close();
    }
  }
}
