import { decodeConfirmation, encodeConfirmation, type ServerStateStore } from '@offgrid/sync';
import type { DocumentStore } from './document-store.ts';

/** The meta key under which what the server holds of document `name` is kept. */
const keyOf = (name: string) => `server-state:${name}`;

/**
 * Keeps what the server is known to hold of each document in the workspace's own {@link DocumentStore} (as the
 * confirmation message's JSON), so that after a restart the status still says "on the server up to 14:02" and
 * the gateway's handshake starts from it. A value that no longer decodes is treated as unknown: the next
 * confirmation replaces it.
 */
export function serverStateIn(store: DocumentStore): ServerStateStore {
  return {
    async load(name) {
      const value = await store.readMeta(keyOf(name));
      if (value === undefined) return undefined;
      try {
        return decodeConfirmation(value) ?? undefined;
      } catch {
        return undefined;
      }
    },
    save: (name, confirmation) => store.writeMeta(keyOf(name), encodeConfirmation(confirmation)),
  };
}
