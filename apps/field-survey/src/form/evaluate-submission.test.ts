import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { householdValues } from '../testing/sample-values.ts';
import { sampleForm } from '../testing/samples.ts';
import { evaluateSubmission, type ValidationIssue } from './evaluate-submission.ts';
import type { Form, RepeatInstance, SubmissionValues } from './form-model.ts';

const clock = { now: () => new Date(2026, 11, 1, 12, 0) };
let household: Form;
let water: Form;
before(async () => {
  household = await sampleForm('household-needs');
  water = await sampleForm('water-point');
});

const issues = (form: Form, values: SubmissionValues, language?: string) =>
  evaluateSubmission(form, values, { clock, language }).issues;
const codes = (list: readonly ValidationIssue[]) => list.map((i) => `${i.path}:${i.code}`).sort();

describe('submission validation against the household form', () => {
  it('accepts a complete submission and fills in the calculations', () => {
    const values = householdValues(2);
    const result = evaluateSubmission(household, values, { clock });
    assert.deepEqual(result.issues, []);
    assert.equal(result.values.members_recorded, 3);
    const members = result.values.members as readonly RepeatInstance[];
    assert.deepEqual(
      members.map((m) => m.values.member_position),
      [1, 2, 3],
      'position(..) per instance',
    );
    assert.equal(result.values.litres_per_person, round1((20 * 3 + 0.5) / 3));
    assert.equal(result.values.respondent_name, values.respondent_name);
  });

  it('required: missing answers are reported with the required message', () => {
    const values = { ...householdValues(1), respondent_name: null, location: null };
    assert.deepEqual(codes(issues(household, values)), ['location:required', 'respondent_name:required']);
  });

  it('constraints with their message, in the chosen language', () => {
    const found = issues(household, { ...householdValues(1), respondent_age: 12 });
    assert.equal(found.length, 1);
    assert.equal(found[0]?.code, 'constraint');
    assert.equal(found[0]?.message, 'The respondent must be an adult (18 to 120)');
    assert.equal(found[0]?.source?.row, 8);
    assert.deepEqual(codes(issues(household, { ...householdValues(1), visit_date: '2026-12-02' })), [
      'visit_date:constraint',
    ]);
    assert.deepEqual(codes(issues(household, { ...householdValues(1), needs: ['none', 'food'] })), [
      'needs:constraint',
    ]);
    assert.deepEqual(codes(issues(household, { ...householdValues(1), phone: 'call me' })), [
      'phone:constraint',
    ]);
    assert.deepEqual(
      issues(household, { ...householdValues(1), phone: null }),
      [],
      'constraints skip empty values',
    );
  });

  it('relevance: no consent skips the household group, and its answers are left out', () => {
    const values: SubmissionValues = {
      ...householdValues(3),
      consent: 'no',
      household_size: null,
      members: [],
    };
    const result = evaluateSubmission(household, values, { clock });
    assert.deepEqual(result.issues, [], 'household_size is required only when relevant');
    assert.equal(result.values.needs, undefined, 'a non-relevant answer is not part of the result');
    assert.equal(result.values.members, undefined);
    assert.equal(result.values.comments, householdValues(3).comments);
    const first = evaluateSubmission(household, { ...householdValues(1), needs: ['water'] }, { clock });
    assert.equal(
      first.values.first_need,
      undefined,
      'first_need is asked only when two needs or more are chosen',
    );
  });

  it('repeats: rules apply in each instance with its own values and position', () => {
    const values = householdValues(2);
    const members = (values.members as RepeatInstance[]).map((m, i) =>
      i === 1 ? { ...m, values: { ...m.values, member_age: 130, member_name: null } } : m,
    );
    assert.deepEqual(codes(issues(household, { ...values, members })), [
      'members[2]/member_age:constraint',
      'members[2]/member_name:required',
    ]);
  });

  it('types: each field type refuses what is not its kind', () => {
    const bad: SubmissionValues = {
      ...householdValues(1),
      respondent_age: 30.5,
      water_litres: 'lots',
      visit_date: '2026-13-01',
      visit_time: '25:00',
      needs: ['food', 'food'],
      location: { lat: 91, lon: 0 },
      respondent_name: 42,
    } as unknown as SubmissionValues;
    assert.deepEqual(codes(issues(household, bad)), [
      'location:invalid',
      'needs:invalid',
      'respondent_age:invalid',
      'respondent_name:invalid',
      'visit_date:invalid',
      'visit_time:invalid',
      'water_litres:invalid',
    ]);
    assert.deepEqual(codes(issues(household, { ...householdValues(1), consent: 'maybe' })), [
      'consent:invalid',
    ]);
  });

  it('unknown fields are reported, not silently kept', () => {
    assert.deepEqual(codes(issues(household, { ...householdValues(1), extra: 'x' })), [
      'extra:unknown-field',
    ]);
  });
});

describe('submission validation against the water-point form', () => {
  const base: SubmissionValues = {
    water_point_id: 'WP-0042',
    inspection_date: '2026-11-30',
    point_location: { lat: 10, lon: 10 },
    point_type: 'tapstand',
    functional: 'yes',
    flow_rate: 12.5,
    chlorine: 0.3,
    taps: [
      { key: 'a', values: { tap_working: 'yes' } },
      { key: 'b', values: { tap_working: 'no', tap_photo: 'tap-b.jpg' } },
    ],
  };

  it('a tap stand with two taps is valid; calculations see the repeat', () => {
    const result = evaluateSubmission(water, base, { clock });
    assert.deepEqual(result.issues, []);
    assert.equal(result.values.chlorine_ok, 'yes');
    assert.equal(result.values.tap_count, 2);
    const taps = result.values.taps as readonly RepeatInstance[];
    assert.equal(taps[0]?.values.tap_photo, undefined);
    assert.equal(taps[1]?.values.tap_photo, 'tap-b.jpg');
  });

  it('relevance inside a repeat uses the instance value; required depends on relevance', () => {
    const broken = { ...base, functional: 'no', flow_rate: 3 };
    assert.deepEqual(codes(issues(water, broken)), ['problems:required']);
    assert.deepEqual(issues(water, { ...broken, problems: ['dry', 'access'] }), []);
    assert.deepEqual(codes(issues(water, { ...base, water_point_id: 'wp42' })), [
      'water_point_id:constraint',
    ]);
    assert.deepEqual(
      codes(issues(water, { ...base, problems: ['nope'] })),
      [],
      'non-relevant answers are not checked',
    );
  });
});

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

describe('expression failures while evaluating', () => {
  it('a regex() pattern taken from an answer that does not compile is an issue naming the form row', async () => {
    const { formFromSheets } = await import('../xlsform/form-from-sheets.ts');
    const form = formFromSheets([
      {
        name: 'survey',
        header: ['type', 'name', 'label', 'constraint'],
        rows: [
          { row: 2, cells: { type: 'text', name: 'pattern', label: 'Pattern' } },
          {
            row: 3,
            cells: { type: 'text', name: 'code', label: 'Code', constraint: 'regex(., ${pattern})' },
          },
        ],
      },
      {
        name: 'settings',
        header: ['form_id', 'version'],
        rows: [{ row: 2, cells: { form_id: 'f', version: '1' } }],
      },
    ]);
    const result = evaluateSubmission(form, { pattern: '(', code: 'abc' });
    assert.equal(result.issues.length, 1);
    assert.equal(result.issues[0]?.code, 'expression');
    assert.match(result.issues[0]?.message ?? '', /^survey row 3: regex\(\)/);
    assert.deepEqual(evaluateSubmission(form, { pattern: '^a', code: 'abc' }).issues, []);
    assert.equal(evaluateSubmission(form, { pattern: '^b', code: 'abc' }).issues[0]?.code, 'constraint');
  });
});
