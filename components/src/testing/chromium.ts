/**
 * Headless Chromium for the element tests and the demo screenshots: the package bundled once with esbuild,
 * loaded into a blank page as a module. Node only (tests and scripts), never part of the browser bundle.
 */
import { join } from 'node:path';
import { launchChromium as launchTestChromium } from '@offgrid/transport-lp2p/testing/chromium';
import { build } from 'esbuild';
import type { Browser, Page } from 'puppeteer-core';

let bundle: Promise<string> | undefined;

/** `src/index.ts` and what it imports as one ES module. */
export function componentsBundle(): Promise<string> {
  bundle ??= build({
    entryPoints: [join(import.meta.dirname, '..', 'index.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2023',
    write: false,
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]?.text ?? '');
  return bundle;
}

export interface Chromium {
  readonly browser: Browser;
  /** A fresh blank page (`lang="en"`) with the elements defined. */
  page(): Promise<Page>;
  close(): Promise<void>;
}

/** Headless Chromium (the transport's one test launcher, on a fresh profile) ready to load the elements. */
export async function launchChromium(): Promise<Chromium> {
  const chromium = await launchTestChromium();
  const { browser } = chromium;
  const code = await componentsBundle().catch(async (error: unknown) => {
    await chromium.close();
    throw error;
  });
  return {
    browser,
    async page() {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      await page.setContent(
        '<!doctype html><html lang="en"><head><title>test</title></head><body></body></html>',
      );
      await page.addScriptTag({ type: 'module', content: code });
      await page.waitForFunction(() => customElements.get('offgrid-invite') !== undefined);
      if (errors.length > 0) throw new Error(errors.join('\n'));
      return page;
    },
    close() {
      return chromium.close();
    },
  };
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
  live?: string;
  focused?: boolean;
  value?: string | number;
}

/** The page's whole accessibility tree, depth first, without the generic containers and bare text runs. */
export async function axNodes(page: Page): Promise<AxNode[]> {
  const root = await page.accessibility.snapshot({ interestingOnly: false });
  const nodes: AxNode[] = [];
  const walk = (node: NonNullable<typeof root>) => {
    if (!['generic', 'none', 'StaticText', 'InlineTextBox', 'LineBreak'].includes(node.role)) {
      const { role, name = '', selected, expanded, pressed, disabled, invalid, focused, value } = node;
      nodes.push(
        Object.fromEntries(
          Object.entries({
            role,
            name,
            selected,
            expanded,
            pressed,
            disabled,
            invalid,
            focused,
            value,
          }).filter(([, v]) => v !== undefined),
        ) as unknown as AxNode,
      );
    }
    for (const child of node.children ?? []) walk(child);
  };
  if (root) walk(root);
  return nodes;
}

/** All the text the accessibility tree holds, in order, joined by spaces: what a screen reader reads out. */
export async function axText(page: Page): Promise<string> {
  const root = await page.accessibility.snapshot({ interestingOnly: false });
  const words: string[] = [];
  const walk = (node: NonNullable<typeof root>) => {
    if (node.role === 'StaticText' && node.name) words.push(node.name);
    for (const child of node.children ?? []) walk(child);
  };
  if (root) walk(root);
  return words.join(' ').replace(/\s+/g, ' ');
}

/**
 * Retries `check` until it stops throwing, or throws its last error after `timeoutMs`. Events reach the test through
 * an exposed function, a round trip through the DevTools protocol that may land after the key press resolved.
 */
export async function eventually(check: () => void, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
