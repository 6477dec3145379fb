import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import type { Answer } from 'dns-packet';
import { AgentCache, agentKey } from './agent-cache.ts';
import { buildServiceRecords, goodbyeRecords } from './service-records.ts';
import { encodeOspTxt } from './txt-record.ts';

const fingerprint = Buffer.alloc(32, 1).toString('base64');
const key = agentKey('10.0.0.5', 'kitchen._openscreen._udp.local');
const limits = { maxRecordsPerResponder: 64, maxRecords: 256 };

function advert(
  options: {
    instance?: string;
    port?: number;
    ttl?: number;
    mv?: number;
    address?: string;
    fingerprint?: string;
    hostName?: string;
  } = {},
) {
  const txt = encodeOspTxt({
    fingerprint: options.fingerprint ?? fingerprint,
    metadataVersion: options.mv ?? 1,
    authToken: 'tokentoken',
    tcpPort: 9000,
  });
  return buildServiceRecords({
    instance: options.instance ?? 'Kitchen',
    hostName: options.hostName ?? `${options.instance ?? 'Kitchen'}-host.local`,
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
  // The same agent (name, fingerprint, host) now answers from its new address.
  cache.ingest(advert({ address: '10.0.0.6' }), '10.0.0.6', 5_000);
  const moved = agentKey('10.0.0.6', 'kitchen._openscreen._udp.local');
  assert.deepEqual(cache.view(key)?.addresses, ['10.0.0.5']);
  assert.deepEqual(cache.view(moved)?.addresses, ['10.0.0.6']);
  assert.deepEqual([...cache.sweep(6_000)], [key]);
  assert.equal(cache.view(key), undefined);
  assert.deepEqual(cache.view(moved)?.addresses, ['10.0.0.6']);
  // Within one responder, a flush retires the other addresses of the host.
  const multi = new AgentCache(limits);
  multi.ingest(
    [...advert(), { name: 'Kitchen-host.local', type: 'A', ttl: 120, data: '10.0.0.7' }],
    '10.0.0.5',
    0,
  );
  assert.deepEqual(multi.view(key)?.addresses, ['10.0.0.5', '10.0.0.7']);
  multi.ingest(advert(), '10.0.0.5', 5_000);
  multi.sweep(6_000);
  assert.deepEqual(multi.view(key)?.addresses, ['10.0.0.5']);
});

const fp = (n: number) => Buffer.alloc(32, n).toString('base64');

test('a second responder announcing a name in use adds an agent; it cannot replace or join the first', () => {
  const cache = new AgentCache(limits);
  cache.ingest(advert(), '10.0.0.5', 0);
  // The impostor reuses the instance name and even the host name, with its own fingerprint and address.
  const impostor = advert({ fingerprint: fp(9), address: '10.0.0.66' });
  const touched = cache.ingest(impostor, '10.0.0.66', 100);
  const impostorKey = agentKey('10.0.0.66', 'kitchen._openscreen._udp.local');
  assert.deepEqual([...touched], [impostorKey]);
  assert.equal(cache.view(key)?.fingerprint, fingerprint);
  assert.deepEqual(cache.view(key)?.addresses, ['10.0.0.5']);
  assert.equal(cache.view(impostorKey)?.fingerprint, fp(9));
  assert.equal(cache.view(impostorKey)?.instanceName, 'Kitchen');
  assert.deepEqual(cache.view(impostorKey)?.addresses, ['10.0.0.66']);
  // Its goodbye for the name takes only its own agent down.
  cache.ingest(goodbyeRecords(impostor), '10.0.0.66', 200);
  cache.sweep(1_200);
  assert.equal(cache.view(impostorKey), undefined);
  assert.equal(cache.view(key)?.fingerprint, fingerprint);
});

test('addresses the caller refuses (loopback, broadcast, off-link…) never reach a view', () => {
  const refused = new Set(['127.0.0.1', '255.255.255.255', '8.8.8.8', '224.0.0.251', '0.0.0.0']);
  const cache = new AgentCache(limits, { usableAddress: (address) => !refused.has(address) });
  for (const address of refused) {
    const cacheKey = agentKey('10.0.0.5', `n${address}._openscreen._udp.local`);
    cache.ingest(advert({ instance: `n${address}`, address }), '10.0.0.5', 0);
    assert.equal(cache.view(cacheKey), undefined, address);
  }
  cache.ingest(advert(), '10.0.0.5', 0);
  assert.deepEqual(cache.view(key)?.addresses, ['10.0.0.5']);
});

describe('a full cache makes room for newcomers (issue 9 item 5)', () => {
  const full = { maxRecordsPerResponder: 64, maxRecords: 2048, maxAgents: 256 };
  /** One host with 50 address aliases, each at its 64-record quota: 16 bogus agents per alias. */
  function flood(cache: AgentCache, round: number, now: number): void {
    for (let alias = 0; alias < 50; alias += 1) {
      for (let i = 0; i < 16; i += 1) {
        const instance = `bogus ${round} ${alias} ${i}`;
        const address = `10.0.1.${alias + 10}`;
        cache.ingest(advert({ instance, address, fingerprint: fp(100 + i) }), address, now);
      }
    }
  }
  const agents = (cache: AgentCache) => [...cache.keys()].filter((k) => cache.view(k));

  it('a flood from 50 aliases of one host does not hide an agent that starts during it', () => {
    const cache = new AgentCache(full);
    flood(cache, 0, 0);
    assert.equal(agents(cache).length, 256, 'the flood filled the table');
    cache.ingest(advert(), '10.0.0.5', 1_000);
    assert.equal(cache.view(key)?.fingerprint, fingerprint, 'in at once, not after the flood expires');
    // The flood goes on with new names: it displaces itself, not the agent with few records.
    for (let round = 1; round < 4; round += 1) flood(cache, round, 1_000 + round);
    assert.equal(cache.view(key)?.fingerprint, fingerprint);
    assert.ok(agents(cache).length <= 256);
    assert.equal(cache.recordCount('10.0.0.5'), 4);
  });

  it('aliases sharing a fingerprint or host name weigh as one sender', () => {
    const cache = new AgentCache({ maxRecordsPerResponder: 64, maxRecords: 400, maxAgents: 24 });
    // A genuine host with three agents: 12 records from one address.
    for (let i = 0; i < 3; i += 1)
      cache.ingest(
        advert({ instance: `real ${i}`, fingerprint: fp(60 + i), address: '10.0.0.5' }),
        '10.0.0.5',
        i,
      );
    // Ten aliases with two agents each (8 records per address), all under one key, then twenty-one more hosts.
    for (let alias = 0; alias < 10; alias += 1) {
      const address = `10.0.2.${alias}`;
      for (let i = 0; i < 2; i += 1)
        cache.ingest(advert({ instance: `alias ${alias} ${i}`, fingerprint: fp(7), address }), address, 10);
    }
    for (let i = 0; i < 4; i += 1) {
      const address = `10.0.3.${i}`;
      cache.ingest(advert({ instance: `other ${i}`, fingerprint: fp(80 + i), address }), address, 20);
    }
    assert.equal(agents(cache).length, 24);
    // Each alias holds fewer records than the genuine host, but together they are the heaviest sender.
    for (let i = 0; i < 3; i += 1)
      assert.ok(cache.view(agentKey('10.0.0.5', `real ${i}._openscreen._udp.local`)));
    assert.ok(agents(cache).filter((k) => k.startsWith('10.0.2.')).length < 20);
  });

  it('evicts unverified agents before verified ones, and never trusted ones', () => {
    const ranks = new Map<string, number>();
    const cache = new AgentCache(
      { maxRecordsPerResponder: 64, maxRecords: 24, maxAgents: 6 },
      { rank: (f) => ranks.get(f) ?? 0 },
    );
    // Responder A (heavy): three verified agents. Responder B (light): one unverified one.
    for (let i = 0; i < 3; i += 1) {
      ranks.set(fp(10 + i), 1);
      cache.ingest(
        advert({ instance: `v${i}`, fingerprint: fp(10 + i), address: '10.0.0.10' }),
        '10.0.0.10',
        i,
      );
    }
    cache.ingest(advert({ instance: 'u', fingerprint: fp(20), address: '10.0.0.20' }), '10.0.0.20', 5);
    ranks.set(fp(30), 2);
    cache.ingest(advert({ instance: 't', fingerprint: fp(30), address: '10.0.0.30' }), '10.0.0.30', 6);
    cache.ingest(advert({ instance: 'w', fingerprint: fp(31), address: '10.0.0.31' }), '10.0.0.31', 7);
    assert.equal(agents(cache).length, 6);
    // A seventh agent: the table holds six, so the lightest-but-unverified goes first, verified ones stay.
    const touched = cache.ingest(
      advert({ instance: 'new', fingerprint: fp(40), address: '10.0.0.40' }),
      '10.0.0.40',
      10,
    );
    const gone = agentKey('10.0.0.20', 'u._openscreen._udp.local');
    assert.ok(touched.has(gone));
    assert.equal(cache.view(gone), undefined);
    for (let i = 0; i < 3; i += 1)
      assert.ok(cache.view(agentKey('10.0.0.10', `v${i}._openscreen._udp.local`)));
    assert.ok(cache.view(agentKey('10.0.0.40', 'new._openscreen._udp.local')));
    // With only verified and trusted agents left besides the newcomers, verified ones go (heaviest first).
    for (const f of [fp(31), fp(40)]) ranks.set(f, 2);
    cache.ingest(advert({ instance: 'x', fingerprint: fp(50), address: '10.0.0.50' }), '10.0.0.50', 11);
    assert.ok(cache.view(agentKey('10.0.0.50', 'x._openscreen._udp.local')));
    assert.equal(agents(cache).filter((k) => k.startsWith('10.0.0.10 ')).length, 2);
    // All trusted: a newcomer is refused rather than a paired agent dropped.
    for (let i = 0; i < 3; i += 1) ranks.set(fp(10 + i), 2);
    ranks.set(fp(50), 2);
    cache.ingest(advert({ instance: 'y', fingerprint: fp(60), address: '10.0.0.60' }), '10.0.0.60', 12);
    assert.equal(cache.view(agentKey('10.0.0.60', 'y._openscreen._udp.local')), undefined);
    assert.equal(agents(cache).length, 6);
    assert.ok(cache.view(agentKey('10.0.0.30', 't._openscreen._udp.local')));
  });
});
