import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parseSubmissionQuery, QUERY_LIMITS, QueryError } from './query-params.ts';

it('reads every filter, with defaults for the page and the order', () => {
  assert.deepEqual(parseSubmissionQuery(''), { sort: '-created', offset: 0, limit: 50 });
  assert.deepEqual(
    parseSubmissionQuery(
      'status=reviewed&conflict=0&device=tab%201&person=Awa&from=2026-11-20&to=2026-11-21&q=%20Water%20&sort=edited&offset=100&limit=500',
    ),
    {
      status: 'reviewed',
      conflict: false,
      device: 'tab 1',
      person: 'Awa',
      from: Date.parse('2026-11-20T00:00:00Z'),
      to: Date.parse('2026-11-22T00:00:00Z') - 1,
      text: 'water',
      sort: 'edited',
      offset: 100,
      limit: 500,
    },
  );
  assert.equal(
    parseSubmissionQuery('from=2026-11-20T10:00:00%2B01:00').from,
    Date.parse('2026-11-20T09:00:00Z'),
  );
  assert.equal(parseSubmissionQuery('', QUERY_LIMITS.maxPoints).limit, 50);
  assert.equal(parseSubmissionQuery('limit=20000', QUERY_LIMITS.maxPoints).limit, 20_000);
  assert.deepEqual(
    parseSubmissionQuery('status=&q='),
    { sort: '-created', offset: 0, limit: 50 },
    'empty is unset',
  );
});

it('refuses what it does not know, or what is out of bounds, naming the parameter', () => {
  const refused: [string, string | undefined][] = [
    ['limit=501', 'limit'],
    ['limit=1e3', 'limit'],
    ['offset=99999999999', 'offset'],
    ['status=DRAFT', 'status'],
    ['conflict=true', 'conflict'],
    ['from=2026-13-01', 'from'],
    ['to=2026-11-20T10:00', 'to'],
    ['from=2026-11-21&to=2026-11-20', 'from'],
    ['sort=id', 'sort'],
    ['limit=1&limit=2', 'limit'],
    ['__proto__=1', '__proto__'],
    [`device=${'d'.repeat(201)}`, 'device'],
    [`q=${'x'.repeat(2001)}`, undefined],
  ];
  for (const [query, param] of refused)
    assert.throws(
      () => parseSubmissionQuery(query),
      (error: unknown) =>
        error instanceof QueryError && error.param === param && error.code.startsWith('query-'),
      query,
    );
});
