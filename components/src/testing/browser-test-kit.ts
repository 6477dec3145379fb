/**
 * What the element tests use inside the browser under @web/test-runner (`*.browser-test.ts`, run by
 * `components/web-test-runner.ts`): mocha's `describe`/`it`, a small `assert`, real key presses (`sendKeys`,
 * through the DevTools protocol: trusted events, real focus moves) and the whole accessibility tree (the
 * runner's `ax-tree` command: puppeteer's `page.accessibility.snapshot({ interestingOnly: false })`).
 */
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';

type Body = () => void | Promise<void>;
interface Mocha {
  describe(name: string, body: () => void): void;
  it(name: string, body: Body): void;
  before(body: Body): void;
  after(body: Body): void;
}
const mocha = globalThis as unknown as Mocha;
export const describe = (name: string, body: () => void) => mocha.describe(name, body);
export const it = (name: string, body: Body) => mocha.it(name, body);
export const before = (body: Body) => mocha.before(body);
export const after = (body: Body) => mocha.after(body);

/** An assertion failed: the message says what was expected. */
export class AssertionError extends Error {
  override name = 'AssertionError';
}

function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b))
    return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => same((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

const show = (value: unknown) => JSON.stringify(value) ?? String(value);

/** The subset of `node:assert/strict` the element tests use. */
export interface Assert {
  ok(value: unknown, message?: string): asserts value;
  equal<T>(actual: unknown, expected: T, message?: string): asserts actual is T;
  notEqual(actual: unknown, expected: unknown, message?: string): void;
  deepEqual(actual: unknown, expected: unknown, message?: string): void;
  match(actual: string, pattern: RegExp, message?: string): void;
  doesNotMatch(actual: string, pattern: RegExp, message?: string): void;
}

export const assert: Assert = {
  ok(value: unknown, message?: string): asserts value {
    if (!value) throw new AssertionError(message ?? `expected a truthy value, got ${show(value)}`);
  },
  equal<T>(actual: unknown, expected: T, message?: string): asserts actual is T {
    if (!Object.is(actual, expected))
      throw new AssertionError(message ?? `expected ${show(expected)}, got ${show(actual)}`);
  },
  notEqual(actual: unknown, expected: unknown, message?: string): void {
    if (Object.is(actual, expected))
      throw new AssertionError(message ?? `expected anything but ${show(expected)}`);
  },
  deepEqual(actual: unknown, expected: unknown, message?: string): void {
    if (!same(actual, expected))
      throw new AssertionError(message ?? `expected ${show(expected)}, got ${show(actual)}`);
  },
  match(actual: string, pattern: RegExp, message?: string): void {
    if (!pattern.test(actual))
      throw new AssertionError(message ?? `${show(actual)} does not match ${pattern}`);
  },
  doesNotMatch(actual: string, pattern: RegExp, message?: string): void {
    if (pattern.test(actual)) throw new AssertionError(message ?? `${show(actual)} matches ${pattern}`);
  },
};

/** Presses a key (or a chord like `Shift+Tab`) as a person would. */
export function press(key: string): Promise<void> {
  return sendKeys({ press: key });
}

/** Types text into the focused element, key by key. */
export function type(text: string): Promise<void> {
  return sendKeys({ type: text });
}

/** The first element matching `selector` in the document or any shadow root inside it. */
export function pierce<E extends Element = HTMLElement>(selector: string, root: ParentNode = document): E {
  const found = pierceAll<E>(selector, root)[0];
  if (!found) throw new AssertionError(`no element for ${selector}`);
  return found;
}

/** Every element matching `selector`, shadow roots included, in document order. */
export function pierceAll<E extends Element = HTMLElement>(
  selector: string,
  root: ParentNode = document,
): E[] {
  const found: E[] = [];
  const walk = (node: ParentNode) => {
    for (const element of node.querySelectorAll('*')) {
      if (element.matches(selector)) found.push(element as E);
      if (element.shadowRoot) walk(element.shadowRoot);
    }
  };
  walk(root);
  return found;
}

/** Resolves once `check` returns something truthy; rejects after `timeoutMs`. */
export async function waitFor<T>(check: () => T, timeoutMs = 5000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new AssertionError(`still false after ${timeoutMs} ms: ${check}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** One node of the accessibility tree, flattened: what a screen reader is told. */
export interface AxNode {
  role: string;
  name: string;
  selected?: boolean;
  expanded?: boolean;
  pressed?: boolean | 'mixed';
  disabled?: boolean;
  invalid?: string;
  focused?: boolean;
  value?: string | number;
}

interface RawAxNode extends AxNode {
  children?: RawAxNode[];
}

const ax = () => executeServerCommand<RawAxNode | null, Record<string, never>>('ax-tree', {});

/** The page's whole accessibility tree, depth first, without the generic containers and bare text runs. */
export async function axNodes(): Promise<AxNode[]> {
  const nodes: AxNode[] = [];
  const walk = (node: RawAxNode) => {
    if (!['generic', 'none', 'StaticText', 'InlineTextBox', 'LineBreak'].includes(node.role)) {
      const { role, name = '', selected, expanded, pressed, disabled, invalid, focused, value } = node;
      const fields = { role, name, selected, expanded, pressed, disabled, invalid, focused, value };
      nodes.push(
        Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as unknown as AxNode,
      );
    }
    for (const child of node.children ?? []) walk(child);
  };
  const root = await ax();
  if (root) walk(root);
  return nodes;
}

/** All the text the accessibility tree holds, in order, joined by spaces: what a screen reader reads out. */
export async function axText(): Promise<string> {
  const words: string[] = [];
  const walk = (node: RawAxNode) => {
    if (node.role === 'StaticText' && node.name) words.push(node.name);
    for (const child of node.children ?? []) walk(child);
  };
  const root = await ax();
  if (root) walk(root);
  return words.join(' ').replace(/\s+/g, ' ');
}

/** Empties the page between tests. */
export function clearPage(): void {
  document.body.replaceChildren();
}
