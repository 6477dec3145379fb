import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiscoveryStateError, InvalidDiscoveryOptionsError, MdnsSocketError } from '../errors/index.ts';
import { isAuthToken } from './auth-token.ts';
import { OspAdvertiser, OspBrowser } from './index.ts';

// Nothing here opens an mDNS socket: these run in the root namespace, which must see no multicast.
const fingerprint = Buffer.alloc(32, 3).toString('base64');
const base = { displayName: 'Kitchen', fingerprint, port: 4433 };
// TEST-NET-1 (RFC 5737): never a local address, so acquiring a socket on it fails before any I/O.
const notLocal = '192.0.2.1';

test('advertiser options are validated up front', () => {
  const bad = [
    { ...base, displayName: '' },
    { ...base, fingerprint: 'nope' },
    { ...base, port: 0 },
    { ...base, port: 70000 },
    { ...base, tcpPort: 1.5 },
    { ...base, authToken: 'abc' },
    { ...base, metadataVersion: -1 },
    { ...base, interfaceAddress: 'eth0' },
    { ...base, ttl: 0 },
  ];
  for (const options of bad) {
    assert.throws(() => new OspAdvertiser(options), InvalidDiscoveryOptionsError, JSON.stringify(options));
  }
});

test('an advertiser gets a fresh auth token and mv 1 unless given', () => {
  const first = new OspAdvertiser(base);
  const second = new OspAdvertiser(base);
  assert.ok(isAuthToken(first.authToken));
  assert.notEqual(first.authToken, second.authToken);
  assert.equal(first.metadataVersion, 1);
  const chosen = new OspAdvertiser({ ...base, authToken: 'tokentoken', metadataVersion: 7 });
  assert.equal(chosen.authToken, 'tokentoken');
  assert.equal(chosen.metadataVersion, 7);
  assert.equal(new OspAdvertiser({ ...base, displayName: 'Dr. Who' }).instanceName, 'Dr\u0000');
});

test('lifecycle misuse is a typed error, and stop before start is harmless', async () => {
  const advertiser = new OspAdvertiser(base);
  await assert.rejects(advertiser.update({ port: 5000 }), DiscoveryStateError);
  await advertiser.stop();
  await assert.rejects(advertiser.start(), DiscoveryStateError);
  const browser = new OspBrowser();
  await browser.stop();
  await assert.rejects(browser.start(), DiscoveryStateError);
});

test('an interface address this machine does not have fails with MdnsSocketError', async () => {
  await assert.rejects(new OspBrowser({ interfaceAddress: notLocal }).start(), MdnsSocketError);
  const advertiser = new OspAdvertiser({ ...base, interfaceAddress: notLocal });
  await assert.rejects(advertiser.start(), MdnsSocketError);
  await assert.rejects(advertiser.update({ port: 1 }), DiscoveryStateError);
});

test('browser options are validated up front', () => {
  for (const options of [{ interfaceAddress: '::1' }, { maxAgents: 0 }, { maxRecordsPerResponder: 2.5 }]) {
    assert.throws(() => new OspBrowser(options), InvalidDiscoveryOptionsError);
  }
});
