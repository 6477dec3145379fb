import { ContextConsumer } from '@lit/context';
import { css, html, LitElement } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { EventSourceController } from './event-source-controller.ts';
import { baseStyles } from './theme.ts';
import type { Person } from './types.ts';
import { workspaceContext } from './workspace-context.ts';

/** "Ada Lovelace" → "AL"; one word → its first two letters. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters =
    words.length > 1
      ? [words[0], words.at(-1)].map((word) => [...(word ?? '')][0])
      : [...(words[0] ?? '?')].slice(0, 2);
  return letters.join('').toUpperCase() || '?';
}

/** `color` if it is one CSS colour and nothing more, else undefined. */
function cssColor(color: string): string | undefined {
  return typeof color === 'string' && CSS.supports('color', color) ? color : undefined;
}

/**
 * `<offgrid-presence>`: the people here, as coloured initials (names as text for assistive technology, and
 * beside the avatars with `show-names`). The list is labelled "People here, N".
 *
 * Properties: `people` (`Person[]`; if unset, the provided workspace's `presence` source), `showNames`
 * (attribute `show-names`), `max` (avatars before "+N more", default 5).
 * Colours come from other people's devices: only a value the browser parses as a colour is used (a crafted one
 * could otherwise add declarations, an `url()` to fetch, say); anything else leaves the default.
 * Parts: `list`, `person`, `avatar`, `name`, `more`. Custom properties: `--offgrid-avatar-size`.
 */
export class OffgridPresence extends LitElement {
  static override properties = {
    people: { attribute: false },
    showNames: { type: Boolean, attribute: 'show-names' },
    max: { type: Number },
  };
  static override styles = [
    baseStyles,
    css`
      ul { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin: 0; padding: 0; list-style: none; }
      li { display: flex; align-items: center; gap: 6px; }
      .avatar { display: grid; place-items: center; width: var(--offgrid-avatar-size, 28px);
        height: var(--offgrid-avatar-size, 28px); border-radius: 50%; background-color: var(--offgrid-muted, #57606a); color: #fff; font-weight: 600;
        font-size: calc(var(--offgrid-avatar-size, 28px) * 0.4); box-shadow: 0 0 0 2px var(--offgrid-surface, #fff);
        text-shadow: 0 0 2px rgb(0 0 0 / 0.5); }
      .self .avatar { box-shadow: 0 0 0 2px var(--offgrid-surface, #fff), 0 0 0 4px var(--offgrid-accent, #0b5cad); }
      .more { color: var(--offgrid-muted, #57606a); }
    `,
  ];

  declare people: readonly Person[] | undefined;
  declare showNames: boolean;
  declare max: number;
  readonly #fromWorkspace = new EventSourceController<readonly Person[]>(this);

  constructor() {
    super();
    this.showNames = false;
    this.max = 5;
    new ContextConsumer(this, {
      context: workspaceContext,
      subscribe: true,
      callback: (workspace) => {
        this.#fromWorkspace.source = workspace?.presence;
      },
    });
  }

  override render() {
    const people = this.people ?? this.#fromWorkspace.value ?? [];
    const shown = people.slice(0, Math.max(0, this.max));
    const hidden = people.slice(shown.length);
    return html`<ul part="list" aria-label=${`People here, ${people.length}`}>
      ${shown.map((person) => {
        const label = person.self ? `${person.name} (you)` : person.name;
        return html`<li part="person" class=${person.self ? 'self' : ''} title=${label}>
          <span part="avatar" class="avatar" style=${styleMap({ backgroundColor: cssColor(person.color) })} aria-hidden="true"
            >${initials(person.name)}</span
          ><span part="name" class=${this.showNames ? '' : 'visually-hidden'}>${label}</span>
        </li>`;
      })}
      ${
        hidden.length > 0
          ? html`<li part="more" class="more" title=${`${hidden.length} more: ${hidden.map((person) => person.name).join(', ')}`}>
              +${hidden.length}<span class="visually-hidden"> more: ${hidden.map((person) => person.name).join(', ')}</span>
            </li>`
          : ''
      }
    </ul>`;
  }
}
