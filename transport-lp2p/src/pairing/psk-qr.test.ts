import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pskQrModules, renderPskQrSvg } from './psk-qr.ts';
import { renderPskQrTerminal } from './psk-qr-terminal.ts';

/** Dark modules of the Appendix B example QR code (PSK 61488548833), from its SVG path, quiet zone removed. */
function appendixBExampleModules(): Set<string> {
  const svg = readFileSync(join(import.meta.dirname, 'fixtures', 'appendix-b-example-qr.svg'), 'utf8');
  return new Set(
    [...svg.matchAll(/M(\d+),(\d+)h1v1h-1z/g)].map((m) => `${Number(m[1]) - 4},${Number(m[2]) - 4}`),
  );
}

describe('PSK QR codes (osp-network Appendix B)', () => {
  it('reproduces the Appendix B example QR code module for module', () => {
    const expected = appendixBExampleModules();
    assert.equal(expected.size, 234);
    const modules = pskQrModules(61488548833n);
    assert.equal(modules.length, 21);
    const dark = new Set<string>();
    modules.forEach((row, y) => {
      row.forEach((on, x) => {
        if (on) dark.add(`${x},${y}`);
      });
    });
    assert.deepEqual(dark, expected);
  });

  it('renders an SVG document with an svg root', async () => {
    const svg = await renderPskQrSvg(61488548833n);
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* viewBox="0 0 29 29"/);
    assert.match(svg.trimEnd(), /<\/svg>$/);
    assert.match(svg, /<path/);
  });

  it('renders for a terminal with half-block characters, one line per two module rows', async () => {
    const text = await renderPskQrTerminal(61488548833n);
    const lines = text.split('\n').filter((line) => line.length > 0);
    assert.ok(lines.length >= 11 && lines.length <= 15, `${lines.length} lines`);
    assert.match(text, /[▀▄█]/);
  });

  it('grows the symbol for a 60-bit PSK and still encodes it', () => {
    assert.ok(pskQrModules((1n << 60n) - 1n).length >= 21);
  });
});
