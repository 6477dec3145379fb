import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PromptView } from './prompt-board.ts';

/** What the trusted UI's long poll returns. */
export interface TrustedUiState {
  readonly version: number;
  readonly prompts: readonly PromptView[];
  /** Origins allowed to use the API (they hold a capability token). */
  readonly sites: readonly string[];
}

/**
 * Headers on everything the trusted UI serves (docs/security.md §Trusted UI): never framed (clickjacking), scripts
 * and styles only its own, no opener link to whichever app opened it, nothing cached, no referrer.
 */
export const uiHeaders = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
} as const;

const dir = join(import.meta.dirname, 'ui');
const assets: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/ui.js': { file: 'trusted-ui.js', type: 'text/javascript; charset=utf-8' },
  '/ui.css': { file: 'trusted-ui.css', type: 'text/css; charset=utf-8' },
};
const loaded = new Map<string, Buffer>();

/** The trusted UI's page, script or style sheet at `path`, or undefined. */
export function uiAsset(path: string): { body: Buffer; type: string } | undefined {
  const asset = assets[path];
  if (!asset) return undefined;
  let body = loaded.get(asset.file);
  if (!body) {
    body = readFileSync(join(dir, asset.file));
    loaded.set(asset.file, body);
  }
  return { body, type: asset.type };
}
