import assert from 'node:assert/strict';
import { it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { browserBundle } from './browser-bundle.ts';

it('bundles the browser module small: no pairing crypto, QR code or Node module', async () => {
  const code = await browserBundle();
  // 292 KB before the package's modules were marked pure and the bundle minified; 53 KB after.
  assert.ok(code.length < 70_000, `the bundle grew to ${code.length} bytes`);
  assert.ok(gzipSync(code).length < 20_000, `the bundle grew to ${gzipSync(code).length} bytes gzipped`);
  for (const absent of ['spake2', 'toSJIS', 'qrcode', 'ed25519', 'from"node:', "from'node:"])
    assert.ok(!code.includes(absent), `the bundle has ${absent}`);
  for (const present of [
    'LP2PReceiver',
    'LP2PRequest',
    'LP2PDataChannel',
    'LP2PQuicTransport',
    'BridgeError',
  ])
    assert.match(code, new RegExp(`\\b${present}\\b`));
});
