import type { SnapshotSource } from './event-source-controller.ts';
import type { Person, SyncStatus } from './types.ts';
import { fromWorkspaceStatus, type WorkspaceStatusLike } from './workspace-status.ts';

/** The framework's `Workspace`, by shape (no import of the framework: the elements stay usable without it). */
export interface WorkspaceLike extends EventTarget {
  status(): WorkspaceStatusLike;
  presence(name: string): Promise<PresenceLike>;
}

/** The framework's `Presence`, by shape. */
export interface PresenceLike {
  people(): readonly { clientId: number; name: string; color: string; self: boolean }[];
  onChange(listener: () => void): () => void;
}

/**
 * A source that follows `subscribe` only while someone listens: the first `change` listener subscribes, the last
 * one removed unsubscribes, so an element that leaves the page leaves nothing subscribed on the workspace.
 */
export class FollowingSource<T> extends EventTarget implements SnapshotSource<T> {
  readonly #read: () => T;
  readonly #subscribe: (changed: () => void) => () => void;
  readonly #listeners = new Set<unknown>();
  #unsubscribe: (() => void) | undefined;

  constructor(read: () => T, subscribe: (changed: () => void) => () => void) {
    super();
    this.#read = read;
    this.#subscribe = subscribe;
  }

  snapshot(): T {
    return this.#read();
  }

  override addEventListener(...args: Parameters<EventTarget['addEventListener']>): void {
    super.addEventListener(...args);
    if (args[0] !== 'change' || !args[1]) return;
    this.#listeners.add(args[1]);
    this.#unsubscribe ??= this.#subscribe(() => this.dispatchEvent(new Event('change')));
  }

  override removeEventListener(...args: Parameters<EventTarget['removeEventListener']>): void {
    super.removeEventListener(...args);
    if (args[0] !== 'change') return;
    this.#listeners.delete(args[1]);
    if (this.#listeners.size === 0) {
      this.#unsubscribe?.();
      this.#unsubscribe = undefined;
    }
  }
}

/** `workspace.status()` as a `SyncStatus` source, changing on the workspace's `status` events. */
export function statusSource(workspace: WorkspaceLike): SnapshotSource<SyncStatus> {
  return new FollowingSource(
    () => fromWorkspaceStatus(workspace.status()),
    (changed) => {
      workspace.addEventListener('status', changed);
      return () => workspace.removeEventListener('status', changed);
    },
  );
}

/** The people on document `name` (empty until its presence is ready), changing with the awareness. */
export function presenceSource(workspace: WorkspaceLike, name: string): SnapshotSource<readonly Person[]> {
  let presence: PresenceLike | undefined;
  let people: readonly Person[] = [];
  const read = () =>
    (people = (presence?.people() ?? []).map((p) => ({
      id: String(p.clientId),
      name: p.name,
      color: p.color,
      self: p.self,
    })));
  return new FollowingSource(
    () => people,
    (changed) => {
      let stop: (() => void) | undefined;
      let stopped = false;
      workspace.presence(name).then(
        (ready) => {
          if (stopped) return;
          presence = ready;
          stop = ready.onChange(() => {
            read();
            changed();
          });
          read();
          changed();
        },
        () => {}, // a closed workspace has nobody to show
      );
      return () => {
        stopped = true;
        stop?.();
      };
    },
  );
}

/** A value that changes when set: for the `peers` an app hands to `<offgrid-workspace>`. */
export class ValueSource<T> extends EventTarget implements SnapshotSource<T> {
  #value: T;

  constructor(value: T) {
    super();
    this.#value = value;
  }

  snapshot(): T {
    return this.#value;
  }

  set(value: T): void {
    this.#value = value;
    this.dispatchEvent(new Event('change'));
  }
}
