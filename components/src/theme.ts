import { css } from 'lit';

/**
 * Styles every element shares. Theming goes through these custom properties (inherited through the shadow
 * boundary) and through each element's `::part`s; the defaults meet WCAG AA contrast on white.
 */
export const baseStyles = css`
  :host {
    display: block;
    font-family: var(--offgrid-font, system-ui, -apple-system, 'Segoe UI', sans-serif);
    font-size: var(--offgrid-font-size, 14px);
    line-height: 1.4;
    color: var(--offgrid-text, #1f2328);
  }
  :host([hidden]) {
    display: none;
  }
  button {
    font: inherit;
    border: 1px solid var(--offgrid-border, #c9d1d9);
    background: var(--offgrid-surface, #fff);
    color: inherit;
    border-radius: var(--offgrid-radius, 6px);
    padding: 4px 12px;
    cursor: pointer;
  }
  button.primary {
    background: var(--offgrid-accent, #0b5cad);
    border-color: var(--offgrid-accent, #0b5cad);
    color: var(--offgrid-on-accent, #fff);
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  :focus-visible {
    outline: 2px solid var(--offgrid-focus, #0b5cad);
    outline-offset: 2px;
  }
  .muted {
    color: var(--offgrid-muted, #57606a);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;

/** A composed, bubbling `CustomEvent`: listeners outside any shadow root hear it. */
export function emit<T>(target: EventTarget, type: string, detail: T): boolean {
  return target.dispatchEvent(
    new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable: true }),
  );
}
