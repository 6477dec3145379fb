import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import * as Y from 'yjs';
import type { Form, SubmissionValues } from '../form/form-model.ts';
import { SubmissionStore } from '../submission/submission-store.ts';
import { householdValues } from '../testing/sample-values.ts';
import { sampleForm } from '../testing/samples.ts';
import { exportCsv } from './csv-export.ts';
import { type ExportRecord, exportRecords } from './export-records.ts';
import { exportGeoJson } from './geojson-export.ts';
import { exportZip } from './zip-export.ts';

const clock = { now: () => new Date(2026, 11, 1, 12) };
let form: Form;
let records: ExportRecord[];
let inputs: SubmissionValues[];

const table = (text: string) => parse(text, { columns: true }) as Record<string, string>[];

before(async () => {
  form = await sampleForm('household-needs');
  let time = Date.UTC(2026, 10, 20, 8);
  const store = new SubmissionStore(new Y.Doc(), {
    author: { device: 'tablet-a', person: 'Awa' },
    now: () => time++,
  });
  inputs = [
    householdValues(0),
    householdValues(1),
    householdValues(2),
    { ...householdValues(3), location: null },
  ];
  const ids = inputs.map((values, i) =>
    store.create({ formId: form.id, formVersion: form.version }, values, `s${i}`),
  );
  // A conflict on s1, made by a second device.
  const other = new SubmissionStore(new Y.Doc(), { author: { device: 'tablet-b', person: 'Bintou' } });
  Y.applyUpdate(other.doc, Y.encodeStateAsUpdate(store.doc));
  store.set('s1', 'water_source', 'well');
  other.set('s1', 'water_source', 'truck');
  Y.applyUpdate(store.doc, Y.encodeStateAsUpdate(other.doc));
  store.setStatus('s2', 'complete');
  records = exportRecords(
    form,
    ids.map((id) => store.view(id)),
    clock,
  );
});

describe('CSV export', () => {
  it('one row per submission, a column per field, ODK text forms, metadata', () => {
    const [main] = exportCsv(form, records);
    assert.equal(main?.name, 'household_needs.csv');
    const rows = table(main?.text ?? '');
    assert.equal(rows.length, 4);
    const header = Object.keys(rows[0] ?? {});
    assert.deepEqual(header.slice(0, 4), ['visit_date', 'visit_time', 'location', 'respondent_name']);
    assert.ok(!header.includes('members'), 'repeats go to their own file');
    assert.ok(!header.includes('no_consent'), 'notes hold no value');
    assert.ok(
      header.includes('litres_per_person') && header.includes('members_recorded'),
      'calculations exported',
    );
    const [r0, r1, r2, r3] = rows as [
      Record<string, string>,
      Record<string, string>,
      Record<string, string>,
      Record<string, string>,
    ];
    assert.equal(r0.location, '12.1 -1.5 300 5', 'geopoint as lat lon alt accuracy');
    assert.equal(r0.needs, 'none');
    assert.equal(r1.needs, 'food water', 'select_multiple space-separated');
    assert.equal(r0.respondent_name, 'Respondent 0, "quoted", and a comma', 'quotes and commas survive');
    assert.equal(r0.comments, 'line one\nline two', 'newlines survive');
    assert.equal(r0.dwelling_photo, 'dwelling-0.jpg');
    assert.equal(r3.location, '');
    assert.equal(r0.KEY, 'uuid:s0');
    assert.equal(r0.FormVersion, '2026120101');
    assert.equal(r0.SubmitterName, 'Awa');
    assert.equal(r0.DeviceID, 'tablet-a');
    assert.equal(r2.ReviewState, 'complete');
    assert.equal(r1.Conflicts, '1');
    assert.ok(['well', 'truck'].includes(r1.water_source as string));
    assert.equal(r2.members_recorded, '3');
  });

  it('repeat groups in their own file, linked by PARENT_KEY', () => {
    const [, members] = exportCsv(form, records);
    assert.equal(members?.name, 'household_needs-members.csv');
    const rows = table(members?.text ?? '');
    const expected = inputs.reduce((n, v) => n + ((v.members as unknown[] | undefined)?.length ?? 0), 0);
    assert.equal(rows.length, expected);
    const first = rows.filter((r) => r.PARENT_KEY === 'uuid:s2');
    assert.deepEqual(
      first.map((r) => r.KEY),
      ['uuid:s2/members[1]', 'uuid:s2/members[2]', 'uuid:s2/members[3]'],
    );
    assert.deepEqual(
      first.map((r) => r.member_position),
      ['1', '2', '3'],
    );
    assert.equal(first[1]?.member_name, 'Member 2 of household 2');
    assert.deepEqual(Object.keys(rows[0] ?? {}).slice(-2), ['PARENT_KEY', 'KEY']);
  });
});

describe('GeoJSON export', () => {
  it('one Point feature per submission with a geopoint, [lon, lat, alt]', () => {
    const geo = exportGeoJson(form, records);
    assert.equal(geo.type, 'FeatureCollection');
    assert.deepEqual(
      geo.features.map((f) => f.id),
      ['uuid:s0', 'uuid:s1', 'uuid:s2'],
    );
    assert.deepEqual(geo.features[1]?.geometry, {
      type: 'Point',
      coordinates: [-1.501, 12.1 + 1 / 1000, 300],
    });
    assert.equal(geo.features[1]?.properties.needs, 'food water');
    assert.equal(geo.features[1]?.properties.location_accuracy, 5);
    assert.equal(geo.features[2]?.properties.household_size, 3);
    assert.doesNotThrow(() => JSON.parse(JSON.stringify(geo)));
  });
});

describe('zip export', () => {
  it('CSV files and the photos under the names the CSV holds; missing and unsafe names listed', async () => {
    const photo = (n: number) => new Uint8Array([0xff, 0xd8, n, 0xff, 0xd9]);
    const stored = new Map([
      ['dwelling-0.jpg', photo(0)],
      ['dwelling-2.jpg', photo(2)],
    ]);
    const withUnsafe = [
      ...records,
      {
        ...(records[0] as ExportRecord),
        key: 'uuid:evil',
        values: { ...records[0]?.values, dwelling_photo: '../../etc/passwd' },
      },
    ];
    const zip = await exportZip(form, withUnsafe, async (name) => stored.get(name));
    const files = unzipSync(zip.bytes);
    assert.deepEqual(Object.keys(files).sort(), [
      'household_needs-members.csv',
      'household_needs.csv',
      'media/dwelling-0.jpg',
      'media/dwelling-2.jpg',
      'missing-media.txt',
    ]);
    assert.deepEqual(files['media/dwelling-2.jpg'], photo(2));
    assert.deepEqual(zip.missing, ['dwelling-1.jpg', 'dwelling-3.jpg', '../../etc/passwd']);
    const main = table(new TextDecoder().decode(files['household_needs.csv']));
    for (const row of main)
      if (files[`media/${row.dwelling_photo}`])
        assert.ok(stored.has(row.dwelling_photo as string), 'referenced by name');
  });
});
