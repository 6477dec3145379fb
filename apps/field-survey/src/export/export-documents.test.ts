import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parse } from 'csv-parse/sync';
import * as Y from 'yjs';
import { publishForm } from '../submission/form-doc.ts';
import { SubmissionStore } from '../submission/submission-store.ts';
import { formFromSheets } from '../xlsform/form-from-sheets.ts';
import { exportDocuments } from './export-documents.ts';

/** A small form: `fields` as [type, name] rows (begin/end repeat allowed), at `version`. */
function form(version: string, fields: [string, string][]) {
  return formFromSheets([
    {
      name: 'survey',
      header: ['type', 'name', 'label'],
      rows: fields.map(([type, name], i) => ({
        row: i + 2,
        cells: (type.startsWith('end') ? { type } : { type, name, label: name }) as Record<string, string>,
      })),
    },
    {
      name: 'settings',
      header: ['form_id', 'version'],
      rows: [{ row: 2, cells: { form_id: 'f', version } }],
    },
  ]);
}

it('exports submissions of every version: a question removed later keeps its column and values', async () => {
  const v1 = form('1', [
    ['text', 'name'],
    ['integer', 'old_q'],
    ['begin repeat', 'kids'],
    ['text', 'kid'],
    ['integer', 'kid_age'],
    ['end repeat', ''],
  ]);
  const v2 = form('2', [
    ['text', 'name'],
    ['decimal', 'new_q'],
    ['begin repeat', 'kids'],
    ['text', 'kid'],
    ['end repeat', ''],
  ]);
  const formDoc = new Y.Doc();
  publishForm(formDoc, v1);
  publishForm(formDoc, v2);
  const shard = new Y.Doc();
  let t = 0;
  const store = new SubmissionStore(shard, { author: { device: 'd', person: 'p' }, now: () => ++t });
  store.create(
    { formId: 'f', formVersion: '1' },
    { name: 'A', old_q: 7, kids: [{ key: 'k', values: { kid: 'x', kid_age: 3 } }] },
    'a',
  );
  store.create({ formId: 'f', formVersion: '2' }, { name: 'B', new_q: 1.5 }, 'b');
  store.create({ formId: 'other', formVersion: '1' }, { name: 'C' }, 'c');
  const result = await exportDocuments('csv', 'f', formDoc, [shard]);
  assert.equal(result.format, 'csv');
  if (result.format !== 'csv') return;
  const main = parse(result.files[0]?.text ?? '', { columns: true }) as Record<string, string>[];
  assert.deepEqual(Object.keys(main[0] ?? {}).slice(0, 3), ['name', 'new_q', 'old_q']);
  assert.deepEqual(
    main.map((r) => [r.name, r.old_q, r.new_q, r.FormVersion]),
    [
      ['A', '7', '', '1'],
      ['B', '', '1.5', '2'],
    ],
  );
  const kids = parse(result.files[1]?.text ?? '', { columns: true }) as Record<string, string>[];
  assert.deepEqual(kids, [{ kid: 'x', kid_age: '3', PARENT_KEY: 'uuid:a', KEY: 'uuid:a/kids[1]' }]);
});
