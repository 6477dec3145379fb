import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Answer, Question } from 'dns-packet';
import { seededRandom } from '../testing/seeded-random.ts';
import { AgentCache } from './agent-cache.ts';
import { answerQuery } from './mdns-responder.ts';
import { buildServiceRecords, SERVICE_TYPE } from './service-records.ts';
import { encodeOspTxt } from './txt-record.ts';

const SEED = 0x05ca1ab1e;
const ITERATIONS = 3000;
const fingerprint = Buffer.alloc(32, 9).toString('base64');
const names = [
  SERVICE_TYPE,
  `a.${SERVICE_TYPE}`,
  `B.${SERVICE_TYPE}`,
  'host-a.local',
  'HOST-A.local',
  '',
  '.',
  'x',
];
const goodTxt = encodeOspTxt({ fingerprint, metadataVersion: 1, authToken: 'abcdefgh' });

function randomRecord(next: () => number): Answer {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const data = pick<unknown>([
    pick(names),
    { port: Math.floor(next() * 70000) - 10, target: pick(names) },
    { port: 'x' },
    goodTxt,
    [Buffer.from('fp=junk'), 7],
    '10.0.0.1',
    '300.1.1.1',
    undefined,
    null,
    42,
  ]);
  const ttl = pick<unknown>([0, 1, 120, 4500, -1, 2 ** 40, Number.NaN, '5', undefined]);
  const record = {
    name: pick<unknown>([...names, 7, undefined]),
    type: pick(['PTR', 'SRV', 'TXT', 'A', 'AAAA', 'NSEC']),
    ttl,
    data,
  };
  return { ...record, flush: next() < 0.5 } as unknown as Answer;
}

test('the cache survives random and malformed records and keeps its invariants', () => {
  const next = seededRandom(SEED);
  const cache = new AgentCache({ maxRecordsPerResponder: 16, maxRecords: 40 });
  let now = 0;
  for (let i = 0; i < ITERATIONS; i += 1) {
    const batch = Array.from({ length: 1 + Math.floor(next() * 6) }, () => randomRecord(next));
    const responder = `10.0.0.${Math.floor(next() * 4)}`;
    now += Math.floor(next() * 500);
    for (const key of cache.ingest(batch, responder, now)) {
      const agent = cache.view(key);
      if (agent) assert.ok(agent.addresses.length > 0 && agent.port > 0 && agent.fingerprint === fingerprint);
    }
    cache.sweep(now);
    cache.takeRefreshDue(now);
    assert.ok(cache.recordCount(responder) <= 16, `seed ${SEED} step ${i}`);
  }
  assert.ok(cache.keys().size <= 40);
});

test('the responder answers or ignores random questions and known answers without throwing', () => {
  const next = seededRandom(SEED + 1);
  const owned = buildServiceRecords({
    instance: 'a',
    hostName: 'host-a.local',
    port: 1,
    txt: goodTxt,
    addresses: ['10.0.0.1'],
  });
  let answered = 0;
  for (let i = 0; i < ITERATIONS; i += 1) {
    const questions = Array.from({ length: Math.floor(next() * 4) }, () => {
      const record = randomRecord(next) as { name: unknown; type: unknown };
      return {
        name: record.name,
        type: next() < 0.2 ? 'ANY' : record.type,
        class: next() < 0.9 ? 'IN' : 'CH',
      };
    }) as Question[];
    const known = Array.from({ length: Math.floor(next() * 4) }, () => randomRecord(next));
    if (answerQuery(questions, known, owned)) answered += 1;
  }
  assert.ok(answered > 0, 'some random questions matched our names');
});
