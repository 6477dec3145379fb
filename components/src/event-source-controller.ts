import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Anything that tells of changes by events and gives its present state as plain data. */
export interface SnapshotSource<T> extends EventTarget {
  snapshot(): T;
}

/**
 * Keeps `value` equal to `source.snapshot()`: reads it when the host connects and on each of `events`, and asks
 * the host to render. Listeners are added in `hostConnected` and removed in `hostDisconnected`, so a removed
 * element holds no reference from the source (STYLE.md, Components).
 *
 * @example
 * class Badge extends LitElement {
 *   #status = new EventSourceController(this, workspace.status, ['change']);
 *   render() { return html`${this.#status.value?.connectivity}`; }
 * }
 */
export class EventSourceController<T> implements ReactiveController {
  value: T | undefined;
  #source: SnapshotSource<T> | undefined;
  #connected = false;
  readonly #host: ReactiveControllerHost;
  readonly #events: readonly string[];
  readonly #onEvent = () => this.#read();

  constructor(
    host: ReactiveControllerHost,
    source?: SnapshotSource<T>,
    events: readonly string[] = ['change'],
  ) {
    this.#host = host;
    this.#source = source;
    this.#events = events;
    host.addController(this);
  }

  get source(): SnapshotSource<T> | undefined {
    return this.#source;
  }

  /** Switches to another source (or none), moving the listeners if the host is connected. */
  set source(source: SnapshotSource<T> | undefined) {
    if (source === this.#source) return;
    if (this.#connected) this.#unsubscribe();
    this.#source = source;
    if (this.#connected) this.#subscribe();
    else this.value = undefined;
  }

  hostConnected(): void {
    this.#connected = true;
    this.#subscribe();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#unsubscribe();
  }

  #subscribe(): void {
    for (const type of this.#events) this.#source?.addEventListener(type, this.#onEvent);
    this.#read();
  }

  #unsubscribe(): void {
    for (const type of this.#events) this.#source?.removeEventListener(type, this.#onEvent);
  }

  #read(): void {
    this.value = this.#source?.snapshot();
    this.#host.requestUpdate();
  }
}
