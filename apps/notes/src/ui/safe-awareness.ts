import type { Presence } from '@offgrid/framework';

type Awareness = Presence['awareness'];

const hexColor = /^#[0-9a-f]{6}$/i;

/**
 * The awareness as y-codemirror.next reads it, with every remote `user` checked: y-codemirror writes
 * `user.color` and `user.colorLight` into `style` attributes and `user.name` into the caret label, and both come
 * from other devices. A colour that is not `#rrggbb` (or `#rrggbbaa` for the light one) becomes `fallback(name)`
 * so a crafted value cannot add CSS declarations; a name that is not a string becomes "Someone".
 */
export function safeAwareness(awareness: Awareness, fallback: (name: string) => string): Awareness {
  const getStates = () => {
    const states = new Map<number, Record<string, unknown>>();
    for (const [clientId, state] of awareness.getStates()) {
      const user = (state as { user?: unknown }).user;
      if (typeof user !== 'object' || user === null) {
        states.set(clientId, state);
        continue;
      }
      const { name, color, colorLight } = user as Record<string, unknown>;
      const safeName = typeof name === 'string' ? name.slice(0, 200) : 'Someone';
      const safeColor = typeof color === 'string' && hexColor.test(color) ? color : fallback(safeName);
      const light =
        typeof colorLight === 'string' && /^#[0-9a-f]{6}([0-9a-f]{2})?$/i.test(colorLight)
          ? colorLight
          : `${safeColor}33`;
      states.set(clientId, { ...state, user: { name: safeName, color: safeColor, colorLight: light } });
    }
    return states;
  };
  return new Proxy(awareness, {
    get(target, property, receiver) {
      if (property === 'getStates') return getStates;
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
