/** Replicas for tests: Y.Docs with a store each, and update exchange in a chosen order. Portable. */
import * as Y from 'yjs';
import { SubmissionStore } from './submission-store.ts';

export interface Replica {
  readonly doc: Y.Doc;
  readonly store: SubmissionStore;
  /** The replica's clock; tests move it. */
  time: number;
}

export function replica(device: string, person: string, clientID: number, time = 1_000): Replica {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const r: Replica = { doc, time, store: undefined as unknown as SubmissionStore };
  (r as { store: SubmissionStore }).store = new SubmissionStore(doc, {
    author: { device, person },
    now: () => r.time,
  });
  return r;
}

/** What `to` lacks of `from`, as one update. */
export function diff(from: Replica, to: Replica): Uint8Array {
  return Y.encodeStateAsUpdate(from.doc, Y.encodeStateVector(to.doc));
}

/** Both directions; `reverse` applies b's update to a first. */
export function exchange(a: Replica, b: Replica, reverse = false): void {
  const ab = diff(a, b);
  const ba = diff(b, a);
  if (reverse) {
    Y.applyUpdate(a.doc, ba);
    Y.applyUpdate(b.doc, ab);
  } else {
    Y.applyUpdate(b.doc, ab);
    Y.applyUpdate(a.doc, ba);
  }
}
