import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Answer, Question } from 'dns-packet';
import { answerQuery } from './mdns-responder.ts';
import { buildServiceRecords, goodbyeRecords, SERVICE_TYPE } from './service-records.ts';

const records = buildServiceRecords({
  instance: 'Kitchen',
  hostName: 'kitchen-host.local',
  port: 4433,
  txt: [Buffer.from('mv=1')],
  addresses: ['10.0.0.5'],
  ttl: 120,
});
const ptrQuestion: Question = { name: SERVICE_TYPE, type: 'PTR' };

test('a PTR query gets the PTR, with SRV, TXT and A as additionals (RFC 6763 §12)', () => {
  const reply = answerQuery([ptrQuestion], [], records);
  assert.deepEqual(
    reply?.answers.map((r) => r.type),
    ['PTR'],
  );
  assert.deepEqual(reply?.additionals.map((r) => r.type).sort(), ['A', 'SRV', 'TXT']);
});

test('names match case-insensitively and ANY returns every type of that name', () => {
  const reply = answerQuery([{ name: 'KITCHEN._OpenScreen._udp.local', type: 'ANY' as 'A' }], [], records);
  assert.deepEqual(reply?.answers.map((r) => r.type).sort(), ['SRV', 'TXT']);
  assert.deepEqual(
    reply?.additionals.map((r) => r.type),
    ['A'],
  );
});

test('unrelated questions get no reply', () => {
  assert.equal(answerQuery([{ name: '_other._udp.local', type: 'PTR' }], [], records), undefined);
  assert.equal(answerQuery([{ name: SERVICE_TYPE, type: 'PTR', class: 'CH' }], [], records), undefined);
});

test('known answers with at least half the TTL left are suppressed (RFC 6762 §7.1)', () => {
  const ptr = records[0] as Answer;
  assert.equal(answerQuery([ptrQuestion], [{ ...ptr, ttl: 100 } as Answer], records), undefined);
  assert.ok(answerQuery([ptrQuestion], [{ ...ptr, ttl: 30 } as Answer], records));
  const other = { ...ptr, data: `Other.${SERVICE_TYPE}` } as Answer;
  assert.ok(answerQuery([ptrQuestion], [other], records));
});

test('goodbyes carry TTL 0 and keep the shared service-enumeration PTR alive', () => {
  const goodbye = goodbyeRecords(records);
  assert.ok(goodbye.every((r) => 'ttl' in r && r.ttl === 0));
  assert.ok(!goodbye.some((r) => r.name === '_services._dns-sd._udp.local'));
  assert.equal(goodbye.length, records.length - 1);
});
