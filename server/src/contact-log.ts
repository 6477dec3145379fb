import type { afterLoadDocumentPayload, Extension } from '@hocuspocus/server';
import * as Y from 'yjs';
import type { CoordinatorDb } from './coordinator-db.ts';

/** Submission shard documents: the only ones whose writers the coordinator lists. */
const SHARD = /^survey\/[^/]+\/submissions\/[0-9a-f]$/;

/**
 * The server's record of last contact per device, as a Hocuspocus extension: every update applied to a
 * submissions document names the Yjs clients whose edits it carries (`Y.parseUpdateMeta`), and the time it
 * arrived is recorded for each. A device's client is tied to its author through the document's `authors` map,
 * so this is when the server last received data *from that device*, whichever connection carried it (the device
 * itself, or a teammate's gateway as data mule). Updates that bring nothing new integrate nothing and are not
 * counted. Times are batched and written each second (and on close).
 */
export class ContactLog implements Extension {
  readonly extensionName = 'offgrid-contact-log';
  private readonly db: CoordinatorDb;
  private readonly log: (message: string) => void;
  private readonly now: () => number;
  private pending = new Map<string, { document: string; client: number; at: number }>();
  private timer?: NodeJS.Timeout;

  constructor(db: CoordinatorDb, log: (message: string) => void, now: () => number = Date.now) {
    this.db = db;
    this.log = log;
    this.now = now;
  }

  async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload): Promise<void> {
    if (!SHARD.test(documentName)) return;
    document.on('update', (update: Uint8Array) => {
      try {
        const at = this.now();
        for (const client of Y.parseUpdateMeta(update).to.keys())
          this.pending.set(`${documentName}\n${client}`, { document: documentName, client, at });
      } catch (error) {
        this.log(`offgrid serve: contact log: ${(error as Error).message}`);
        return;
      }
      this.timer ??= setTimeout(() => this.flush(), 1000).unref();
    });
  }

  /** Contacts of `document` not written yet (client → time), to merge with the stored ones. */
  unwritten(document: string): Map<number, number> {
    const out = new Map<number, number>();
    for (const contact of this.pending.values())
      if (contact.document === document) out.set(contact.client, contact.at);
    return out;
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      this.db.recordContacts(batch.values());
    } catch (error) {
      this.log(`offgrid serve: contact log: ${(error as Error).message}`);
    }
  }

  async onDestroy(): Promise<void> {
    this.flush();
  }
}
