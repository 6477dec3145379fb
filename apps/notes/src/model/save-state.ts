import type { Workspace } from '@offgrid/framework';

/** What the page says about this device's copy: `saving` until the store reports every change durable. */
export type SaveState = 'saved' | 'saving' | 'failed';

/**
 * Follows every update of the workspace's open documents and asks the workspace when they are durable: `saved`
 * only after `workspace.whenSaved()` resolved for the newest change, `failed` when a write failed (the workspace's
 * `error` event or a rejected `whenSaved`). Emits `change`.
 */
export class SaveTracker extends EventTarget {
  state: SaveState = 'saved';
  /** The store's error after `failed`. */
  error: unknown;
  readonly #workspace: Workspace;
  #generation = 0;

  constructor(workspace: Workspace) {
    super();
    this.#workspace = workspace;
    workspace.addEventListener('error', (event) => this.#fail((event as Event & { error?: unknown }).error));
  }

  /** Call after a change to any document of the workspace. */
  changed(): void {
    const generation = ++this.#generation;
    if (this.state !== 'failed') this.#set('saving');
    this.#workspace.whenSaved().then(
      () => {
        if (generation === this.#generation && this.state !== 'failed') this.#set('saved');
      },
      (error: unknown) => this.#fail(error),
    );
  }

  #fail(error: unknown): void {
    this.error = error;
    this.#set('failed');
  }

  #set(state: SaveState): void {
    if (state === this.state) return;
    this.state = state;
    this.dispatchEvent(new Event('change'));
  }
}
