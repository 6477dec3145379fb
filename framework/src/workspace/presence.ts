import type { Awareness } from 'y-protocols/awareness';

/** Someone present on a document: the `user` field of their awareness state (y-codemirror's convention). */
export interface Person {
  /** Yjs client id of their replica (one per open document per device). */
  readonly clientId: number;
  readonly name: string;
  /** A CSS colour, `#rrggbb`. */
  readonly color: string;
  /** This replica. */
  readonly self: boolean;
}

/** Distinct on light and dark backgrounds (Okabe–Ito, colour-blind safe). */
const palette = ['#e69f00', '#56b4e9', '#009e73', '#d55e00', '#0072b2', '#cc79a7', '#b8a000', '#7b5ea7'];

/** A stable colour for a name, so a person keeps their colour on every device. */
export function colorFor(name: string): string {
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) >>> 0;
  return palette[hash % palette.length] as string;
}

/**
 * Names and colours on a document's y-protocols awareness.
 *
 * @example
 * ```ts
 * const presence = await workspace.presence('shopping');
 * presence.set({ name: 'Ada' });
 * presence.onChange((people) => render(people.filter((p) => !p.self)));
 * ```
 */
export class Presence {
  readonly awareness: Awareness;

  constructor(awareness: Awareness) {
    this.awareness = awareness;
  }

  /** Shows this replica as `name` (colour derived from the name unless given). */
  set(user: { name: string; color?: string }): void {
    const color = user.color ?? colorFor(user.name);
    // setLocalStateField does nothing while the state is null (as the hub starts it: not present).
    const state = this.awareness.getLocalState() ?? {};
    this.awareness.setLocalState({ ...state, user: { name: user.name, color, colorLight: `${color}33` } });
  }

  /** Stops showing this replica (peers remove it at once). */
  clear(): void {
    this.awareness.setLocalState(null);
  }

  /** Everyone with a name on this document, this replica included (`self`). */
  people(): Person[] {
    const people: Person[] = [];
    for (const [clientId, state] of this.awareness.getStates()) {
      const user = (state as { user?: unknown }).user;
      if (typeof user !== 'object' || user === null) continue;
      const { name, color } = user as { name?: unknown; color?: unknown };
      if (typeof name !== 'string') continue;
      const safeColor = typeof color === 'string' && /^#[0-9a-f]{6}$/i.test(color) ? color : colorFor(name);
      people.push({
        clientId,
        name: name.slice(0, 200),
        color: safeColor,
        self: clientId === this.awareness.clientID,
      });
    }
    return people;
  }

  /** Calls `listener` with {@link people} whenever someone comes, changes or goes; returns the unsubscribe. */
  onChange(listener: (people: Person[]) => void): () => void {
    const handler = () => listener(this.people());
    this.awareness.on('change', handler);
    return () => this.awareness.off('change', handler);
  }
}
