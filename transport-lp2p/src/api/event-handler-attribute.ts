/** The value of an `on…` attribute: a callback called with the target as `this`, or null. */
export type EventHandler<T extends EventTarget = EventTarget, E extends Event = Event> =
  | ((this: T, event: E) => unknown)
  | null;

type Callback = (this: EventTarget, event: Event) => unknown;

/**
 * Backs the `on…` event handler IDL attributes of one target (HTML §8.1.8.1 "Event handler attributes").
 * Setting a handler replaces the previous one without moving its place among the target's listeners; setting
 * null (or anything not callable, as the IDL conversion does) removes it, and the getter returns what was set.
 *
 * @example
 * class Thing extends EventTarget {
 *   readonly #handlers = new EventHandlerAttributes(this);
 *   get onopen(): EventHandler<Thing> { return this.#handlers.get('open'); }
 *   set onopen(handler: EventHandler<Thing>) { this.#handlers.set('open', handler); }
 * }
 */
export class EventHandlerAttributes {
  readonly #target: EventTarget;
  readonly #handlers = new Map<string, Callback>();
  // One listener serves every type: it looks the current handler up, so a replacement keeps the slot.
  readonly #listener = (event: Event): void => {
    this.#handlers.get(event.type)?.call(this.#target, event);
  };

  constructor(target: EventTarget) {
    this.#target = target;
  }

  // biome-ignore lint/suspicious/noExplicitAny: each attribute narrows the handler type at its accessor.
  get(type: string): any {
    return this.#handlers.get(type) ?? null;
  }

  set(type: string, handler: unknown): void {
    if (typeof handler !== 'function') {
      if (this.#handlers.delete(type)) this.#target.removeEventListener(type, this.#listener);
      return;
    }
    if (!this.#handlers.has(type)) this.#target.addEventListener(type, this.#listener);
    this.#handlers.set(type, handler as Callback);
  }
}
