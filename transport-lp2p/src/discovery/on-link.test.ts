import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { test } from 'node:test';
import { OnLinkFilter } from './on-link.ts';

const local = Object.values(networkInterfaces())
  .flatMap((list) => list ?? [])
  .filter((info) => info.family === 'IPv4');

test('addresses in a local subnet and link-local ones are on-link; others are not', () => {
  const filter = new OnLinkFilter();
  for (const info of local) assert.ok(filter.has(info.address), info.address);
  assert.ok(filter.has('169.254.10.20'));
  // TEST-NET-3 (RFC 5737) is documentation space, never configured on a real link.
  assert.equal(filter.has('203.0.113.9'), false);
});

const loopback = local.find((info) => info.internal);
const external = local.find((info) => !info.internal);
const needsBoth = loopback && external ? undefined : 'needs a loopback and an external IPv4 interface';

test('with an interface address only that interface’s subnet counts', { skip: needsBoth }, () => {
  const filter = new OnLinkFilter(loopback?.address);
  assert.ok(filter.has('127.0.0.2'));
  assert.equal(filter.has(external?.address ?? ''), false);
});
