import assert from 'node:assert/strict';
import { it } from 'node:test';
import * as Y from 'yjs';
import type { Form } from '../form/form-model.ts';
import { SubmissionStore } from '../submission/submission-store.ts';
import { householdValues } from '../testing/sample-values.ts';
import { sampleForm } from '../testing/samples.ts';
import { parseSubmissionQuery } from './query-params.ts';
import { deviceWork, mapPoints, openConflicts, querySubmissions } from './submission-query.ts';
import { submissionColumns } from './submission-summary.ts';

const form: Form = await sampleForm('household-needs');
const DAY = 86_400_000;

/** 30 submissions on two devices over three days; one conflict between them; submission 7 without a point. */
function stores(): SubmissionStore[] {
  const a = new Y.Doc();
  const b = new Y.Doc();
  const at = (n: number) => () => Date.UTC(2026, 10, 20) + (n % 3) * DAY + n;
  for (let n = 0; n < 30; n++) {
    const author = n % 2 ? { device: 'tab-b', person: 'Bo' } : { device: 'tab-a', person: 'Ama' };
    const values = householdValues(n);
    const { location: _, ...noPoint } = values;
    new SubmissionStore(n % 2 ? b : a, { author, now: at(n) }).create(
      { formId: form.id, formVersion: form.version },
      n === 7 ? noPoint : values,
      `s${String(n).padStart(2, '0')}`,
    );
  }
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
  new SubmissionStore(a, { author: { device: 'tab-a', person: 'Ama' }, now: () => 1 }).set(
    's04',
    'phone',
    '1',
  );
  new SubmissionStore(b, { author: { device: 'tab-b', person: 'Bo' }, now: () => 2 }).set(
    's04',
    'phone',
    '2',
  );
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
  return [new SubmissionStore(a, { author: { device: 'reader', person: 'reader' } })];
}

const store = stores()[0] as SubmissionStore;
const views = () => store.ids().map((id) => store.view(id));
const columns = submissionColumns(form);

it('pages without overlap in a stable order, and counts what matched', () => {
  const seen: string[] = [];
  for (let offset = 0; offset < 30; offset += 7) {
    const page = querySubmissions(views(), columns, parseSubmissionQuery(`offset=${offset}&limit=7`));
    assert.equal(page.total, 30);
    seen.push(...page.rows.map((r) => r.id));
  }
  assert.equal(new Set(seen).size, 30);
  const created = seen.map((id) => store.view(id).meta.createdAt);
  assert.deepEqual(
    created,
    [...created].sort((x, y) => y - x),
    'newest first',
  );
  assert.deepEqual(
    columns.columns.map((c) => c.name),
    ['visit_date', 'respondent_name', 'respondent_age'],
  );
});

it('filters combine: device, conflict, day, text', () => {
  const ids = (q: string) =>
    querySubmissions(views(), columns, parseSubmissionQuery(q)).rows.map((r) => r.id);
  assert.equal(ids('device=tab-b&limit=500').length, 16, '15 of its own and s04, which it edited');
  assert.deepEqual(ids('conflict=1'), ['s04']);
  assert.equal(ids('from=2026-11-21&to=2026-11-21&limit=500').length, 10);
  assert.deepEqual(ids('q=respondent 12,'), ['s12']);
  assert.deepEqual(ids('q=member 4 of household 27'), ['s27'], 'repeat answers are searched');
});

it('map points skip submissions without a geopoint; conflicts list both values; device work', () => {
  const points = mapPoints(views(), columns, parseSubmissionQuery('', 20_000));
  assert.equal(points.total, 29);
  assert.ok(!points.points.some((p) => p.id === 's07'));
  const open = openConflicts(views(), 0, 10);
  assert.equal(open.total, 1);
  assert.deepEqual(open.rows[0]?.fields[0]?.values.map((v) => [v.value, v.by.device]).sort(), [
    ['1', 'tab-a'],
    ['2', 'tab-b'],
  ]);
  const work = deviceWork(views(), columns);
  assert.equal(work.get('tab-a')?.created, 15);
  assert.deepEqual(work.get('tab-b')?.persons, ['Bo']);
});
