/**
 * A list that renders only the rows in view (plus a few), so 10 000 submissions cost as many DOM nodes as a
 * screenful. Rows have one fixed height; the scroll box holds a spacer of the full height.
 */
import { html, type TemplateResult } from 'lit';
import { ref } from 'lit/directives/ref.js';

export const ROW_HEIGHT = 56;
const OVERSCAN = 6;

export interface VirtualListOptions<T> {
  readonly items: readonly T[];
  readonly scrollTop: number;
  /** Height of the scroll box in pixels. */
  readonly viewport: number;
  readonly label: string;
  readonly row: (item: T, index: number) => TemplateResult;
  readonly onScroll: (scrollTop: number) => void;
}

/** The first and last (exclusive) index to render. */
export function visibleRange(count: number, scrollTop: number, viewport: number): [number, number] {
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(count, Math.ceil((scrollTop + viewport) / ROW_HEIGHT) + OVERSCAN);
  return [first, Math.max(first, last)];
}

export function virtualList<T>(options: VirtualListOptions<T>): TemplateResult {
  const { items, scrollTop, viewport } = options;
  const [first, last] = visibleRange(items.length, scrollTop, viewport);
  const rows: TemplateResult[] = [];
  for (let i = first; i < last; i++) {
    rows.push(
      html`<li class="row" role="listitem" aria-setsize=${items.length} aria-posinset=${i + 1}
        ${ref(place(i * ROW_HEIGHT))}>
        ${options.row(items[i] as T, i)}
      </li>`,
    );
  }
  return html`<div class="virtual-list" @scroll=${(event: Event) =>
    options.onScroll((event.currentTarget as HTMLElement).scrollTop)}>
    <ul role="list" aria-label=${options.label} ${ref(size(items.length * ROW_HEIGHT))}>
      ${rows}
    </ul>
  </div>`;
}

// Positions go through the CSSOM, not `style` attributes, which a CSP without 'unsafe-inline' styles refuses.
const place = (top: number) => (el?: Element) =>
  (el as HTMLElement | undefined)?.style.setProperty('transform', `translateY(${top}px)`);
const size = (height: number) => (el?: Element) =>
  (el as HTMLElement | undefined)?.style.setProperty('height', `${height}px`);
