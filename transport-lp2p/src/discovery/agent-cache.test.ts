import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Answer } from 'dns-packet';
import { AgentCache } from './agent-cache.ts';
import { buildServiceRecords, goodbyeRecords } from './service-records.ts';
import { encodeOspTxt } from './txt-record.ts';

const fingerprint = Buffer.alloc(32, 1).toString('base64');
const key = 'kitchen._openscreen._udp.local';
const limits = { maxRecordsPerResponder: 64, maxRecords: 256 };

function advert(
  options: { instance?: string; port?: number; ttl?: number; mv?: number; address?: string } = {},
) {
  const txt = encodeOspTxt({
    fingerprint,
    metadataVersion: options.mv ?? 1,
    authToken: 'tokentoken',
    tcpPort: 9000,
  });
  return buildServiceRecords({
    instance: options.instance ?? 'Kitchen',
    hostName: `${options.instance ?? 'Kitchen'}-host.local`,
    port: options.port ?? 4433,
    txt,
    addresses: [options.address ?? '10.0.0.5'],
    ttl: options.ttl ?? 120,
  });
}

test('a full announcement yields a complete agent', () => {
  const cache = new AgentCache(limits);
  assert.deepEqual([...cache.ingest(advert(), '10.0.0.5', 1000)], [key]);
  const agent = cache.view(key);
  assert.equal(agent?.instanceName, 'Kitchen');
  assert.equal(agent?.hostname, 'Kitchen-host.local');
  assert.equal(agent?.fingerprint, fingerprint);
  assert.equal(agent?.port, 4433);
  assert.equal(agent?.tcpPort, 9000);
  assert.deepEqual(agent?.addresses, ['10.0.0.5']);
  assert.equal(agent?.lastSeen, 1000);
});

test('records without a PTR of our service, or with an invalid TXT, give no agent', () => {
  const cache = new AgentCache(limits);
  cache.ingest(
    advert().filter((r) => r.type !== 'PTR'),
    '10.0.0.5',
    0,
  );
  assert.equal(cache.view(key), undefined);
  const records = advert().map((r) =>
    r.type === 'TXT' ? ({ ...r, data: [Buffer.from('fp=bad')] } as Answer) : r,
  );
  cache.ingest(records, '10.0.0.5', 0);
  assert.equal(cache.view(key), undefined);
  // A bad TXT replacing a good one takes the agent down rather than keeping stale values.
  cache.ingest(advert(), '10.0.0.5', 0);
  assert.ok(cache.view(key));
  cache.ingest(records, '10.0.0.5', 10);
  assert.equal(cache.view(key), undefined);
});

test('records expire by TTL without a goodbye, with refresh queries at 80–95 % first (RFC 6762 §5.2)', () => {
  const cache = new AgentCache(limits);
  cache.ingest(advert({ ttl: 10 }), '10.0.0.5', 0);
  assert.deepEqual(cache.takeRefreshDue(7_999), []);
  const due = cache.takeRefreshDue(8_000);
  assert.deepEqual(due.map((q) => q.type).sort(), ['A', 'PTR', 'SRV', 'TXT']);
  assert.deepEqual(cache.takeRefreshDue(8_100), []);
  assert.equal(cache.takeRefreshDue(8_500).length, 4);
  assert.equal(cache.nextDeadline(), 9_000);
  assert.deepEqual([...cache.sweep(9_999)], []);
  assert.deepEqual([...cache.sweep(10_000)], [key]);
  assert.equal(cache.view(key), undefined);
  assert.equal(cache.recordCount('10.0.0.5'), 0);
});

test('a goodbye removes the agent one second later (RFC 6762 §10.1)', () => {
  const cache = new AgentCache(limits);
  cache.ingest(advert(), '10.0.0.5', 0);
  cache.ingest(goodbyeRecords(advert()), '10.0.0.5', 5_000);
  assert.ok(cache.view(key));
  assert.equal(cache.nextDeadline(), 6_000);
  assert.deepEqual([...cache.sweep(6_000)], [key]);
  assert.equal(cache.view(key), undefined);
});

test('changes in port and mv show in the view', () => {
  const cache = new AgentCache(limits);
  cache.ingest(advert(), '10.0.0.5', 0);
  cache.ingest(advert({ port: 5000, mv: 2 }), '10.0.0.5', 100);
  assert.equal(cache.view(key)?.port, 5000);
  assert.equal(cache.view(key)?.metadataVersion, 2);
});

test('one responder cannot cache more than its quota, and others still get in', () => {
  const cache = new AgentCache({ maxRecordsPerResponder: 20, maxRecords: 1000 });
  for (let i = 0; i < 200; i += 1) cache.ingest(advert({ instance: `bogus${i}` }), '10.0.0.66', i);
  assert.equal(cache.recordCount('10.0.0.66'), 20);
  const bogus = [...cache.keys()].filter((k) => cache.view(k));
  assert.equal(bogus.length, 5); // PTR + SRV + TXT + A each
  cache.ingest(advert(), '10.0.0.5', 300);
  assert.ok(cache.view(key));
});

test('the overall cap holds against many responders', () => {
  const cache = new AgentCache({ maxRecordsPerResponder: 8, maxRecords: 40 });
  for (let i = 0; i < 50; i += 1) cache.ingest(advert({ instance: `n${i}` }), `10.0.1.${i}`, i);
  assert.equal(cache.keys().size, 10);
});

test('non-IPv4 and malformed records are ignored without throwing', () => {
  const cache = new AgentCache(limits);
  const junk = [
    ...advert().map((r) => (r.type === 'A' ? ({ ...r, data: '999.1.1.1' } as Answer) : r)),
    { name: 'kitchen._openscreen._udp.local', type: 'SRV', ttl: 5, data: {} },
    { name: '_openscreen._udp.local', type: 'PTR', ttl: 5, data: '_openscreen._udp.local' },
  ] as Answer[];
  cache.ingest(junk, '10.0.0.5', 0);
  assert.equal(cache.view(key), undefined);
});

test('known answers list PTRs with more than half their TTL left (RFC 6762 §7.1)', () => {
  const cache = new AgentCache(limits);
  cache.ingest(advert({ ttl: 100 }), '10.0.0.5', 0);
  assert.deepEqual(cache.knownAnswers(10_000), [
    { name: '_openscreen._udp.local', type: 'PTR', ttl: 90, data: 'Kitchen._openscreen._udp.local' },
  ]);
  assert.deepEqual(cache.knownAnswers(50_000), []);
});

test('a cache-flush address retires the host’s older addresses a second later (RFC 6762 §10.2)', () => {
  const cache = new AgentCache(limits);
  cache.ingest(advert(), '10.0.0.5', 0);
  cache.ingest(advert({ address: '10.0.0.6' }), '10.0.0.6', 5_000);
  assert.deepEqual(cache.view(key)?.addresses, ['10.0.0.5', '10.0.0.6']);
  cache.sweep(6_000);
  assert.deepEqual(cache.view(key)?.addresses, ['10.0.0.6']);
});
