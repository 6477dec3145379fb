import { ShareProgressEvent } from '../share/share-events.ts';
import type { ShareSnapshot } from '../share/share-types.ts';

/**
 * Turns the agent's successive share snapshots into `progress` events, as `NearbyShare` fires them: one per
 * receipt or share whose progress changed since the last snapshot.
 */
export class ProgressDiff {
  readonly #target: EventTarget;
  #last = new Map<string, string>();

  constructor(target: EventTarget) {
    this.#target = target;
  }

  update(snapshot: ShareSnapshot, localId: (agentId: number) => number): void {
    const next = new Map<string, string>();
    const events: ShareProgressEvent[] = [];
    for (const entry of snapshot.incoming) {
      const key = `in ${entry.transferId}`;
      const text = JSON.stringify(entry);
      next.set(key, text);
      if (this.#last.get(key) !== text) events.push(new ShareProgressEvent('incoming', entry));
    }
    for (const entry of snapshot.outgoing) {
      const key = `out ${entry.id}`;
      const text = JSON.stringify(entry);
      next.set(key, text);
      if (this.#last.get(key) !== text)
        events.push(new ShareProgressEvent('outgoing', { ...entry, id: localId(entry.id) }));
    }
    this.#last = next;
    for (const event of events) this.#target.dispatchEvent(event);
  }
}
