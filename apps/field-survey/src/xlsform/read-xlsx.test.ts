import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { zipSync } from 'fflate';
import { FormError, type FormProblem } from '../errors.ts';
import type { FieldNode, Form, GroupNode, RepeatNode } from '../form/form-model.ts';
import { flattenForm } from '../form/form-model.ts';
import { sampleBytes, sampleForm } from '../testing/samples.ts';
import { type WorkbookSpec, writeXlsForm } from '../testing/write-xlsform.ts';
import { readXlsForm, XLSX_LIMITS } from './read-xlsx.ts';

const field = (form: Form, name: string) =>
  flattenForm(form).find((f) => f.node.name === name)?.node as FieldNode | undefined;

/** A minimal valid workbook, with survey rows replaced or settings changed. */
function workbook(survey: (string | undefined)[][], more: Partial<WorkbookSpec> = {}): WorkbookSpec {
  return {
    survey: {
      header: [
        'type',
        'name',
        'label',
        'constraint',
        'relevant',
        'calculation',
        'required',
        'default',
        'choice_filter',
      ],
      rows: survey,
    },
    choices: {
      header: ['list_name', 'name', 'label'],
      rows: [
        ['yn', 'yes', 'Yes'],
        ['yn', 'no', 'No'],
      ],
    },
    settings: { header: ['form_id', 'version', 'form_title'], rows: [['t', '1', 'Test']] },
    ...more,
  };
}

async function problemsOf(
  spec: WorkbookSpec | Uint8Array,
): Promise<{ code: string; problems: readonly FormProblem[] }> {
  const bytes = spec instanceof Uint8Array ? spec : await writeXlsForm(spec);
  try {
    await readXlsForm(bytes);
  } catch (error) {
    assert.ok(error instanceof FormError, `expected a FormError, got ${error}`);
    return { code: error.code, problems: error.problems };
  }
  assert.fail('the form was accepted');
}

describe('XLSForm import: the sample forms', () => {
  it('reads the household needs assessment: settings, languages, groups, repeat, choices', async () => {
    const form = await sampleForm('household-needs');
    assert.equal(form.id, 'household_needs');
    assert.equal(form.version, '2026120101');
    assert.equal(form.title, 'Household needs assessment');
    assert.equal(form.defaultLanguage, 'English (en)');
    assert.deepEqual(form.languages, ['English (en)', 'Français (fr)']);
    const visit = form.children[0] as GroupNode;
    assert.equal(visit.kind, 'group');
    assert.deepEqual(
      visit.children.map((c) => c.name),
      ['visit_date', 'visit_time', 'location'],
    );
    const household = form.children.find((c) => c.name === 'household') as GroupNode;
    assert.equal(household.relevant, "${consent} = 'yes'");
    const members = household.children.find((c) => c.name === 'members') as RepeatNode;
    assert.equal(members.kind, 'repeat');
    assert.deepEqual(
      members.children.map((c) => c.name),
      ['member_position', 'member_name', 'member_age', 'member_sex', 'member_disability'],
    );
    const age = field(form, 'respondent_age');
    assert.equal(age?.type, 'integer');
    assert.equal(age?.required, 'true()');
    assert.equal(age?.constraint, '. >= 18 and . <= 120');
    assert.equal(age?.constraintMessage?.['English (en)'], 'The respondent must be an adult (18 to 120)');
    assert.equal(age?.label['Français (fr)'], 'Âge de la personne interrogée');
    assert.equal(age?.source.row, 8, 'the row as the spreadsheet numbers it');
    assert.equal(field(form, 'needs')?.type, 'select_multiple');
    assert.equal(field(form, 'needs')?.listName, 'needs');
    assert.equal(field(form, 'dwelling_photo')?.type, 'photo');
    assert.equal(field(form, 'location')?.type, 'geopoint');
    assert.equal(field(form, 'visit_time')?.type, 'time');
    assert.equal(field(form, 'no_consent')?.type, 'note');
    assert.equal(field(form, 'comments')?.appearance, 'multiline');
    assert.equal(field(form, 'members_recorded')?.calculation, 'count(${members})');
    assert.deepEqual(
      form.choices.needs?.map((c) => c.name),
      ['food', 'water', 'shelter', 'health', 'education', 'none'],
    );
    assert.equal(form.choices.sex?.[0]?.label['Français (fr)'], 'Féminin');
  });

  it('reads the water-point inspection', async () => {
    const form = await sampleForm('water-point');
    assert.equal(form.id, 'water_point');
    const types = new Set(
      flattenForm(form).map((f) => (f.node.kind === 'field' ? f.node.type : f.node.kind)),
    );
    for (const type of [
      'text',
      'date',
      'time',
      'geopoint',
      'select_one',
      'select_multiple',
      'decimal',
      'integer',
      'photo',
      'calculate',
      'repeat',
    ])
      assert.ok(types.has(type as never), `water point form has a ${type}`);
  });

  it('between them the samples use every field type', async () => {
    const types = new Set<string>();
    for (const name of ['household-needs', 'water-point'] as const)
      for (const { node } of flattenForm(await sampleForm(name)))
        if (node.kind === 'field') types.add(node.type);
    assert.deepEqual([...types].sort(), [
      'calculate',
      'date',
      'decimal',
      'geopoint',
      'integer',
      'note',
      'photo',
      'select_multiple',
      'select_one',
      'text',
      'time',
    ]);
  });
});

describe('XLSForm import: malformed and unsupported sheets give sheet, row, column and reason', () => {
  it('lists every problem of a form at once', async () => {
    const { code, problems } = await problemsOf(
      workbook([
        ['text', 'a', 'A'],
        ['barcode', 'b', 'B'],
        ['select_one nolist', 'c', 'C'],
        ['text', 'a', 'A again'],
        ['text', '1bad', 'Bad name'],
        ['integer', 'd', 'D', '. > ', undefined],
        ['integer', 'e', 'E', undefined, '${nowhere} = 1'],
        ['select_one yn', 'f', 'F', undefined, undefined, undefined, undefined, undefined, "${a} = 'x'"],
        ['select_one yn or_other', 'g', 'G'],
        ['text', 'h', 'H', "regex(., '(')"],
        ['integer', 'i', 'I', undefined, undefined, undefined, undefined, 'many'],
        [undefined, undefined, 'a label with no type'],
      ]),
    );
    assert.equal(code, 'form-invalid');
    const at = (row: number) => problems.filter((p) => p.row === row);
    const expect = (row: number, column: string, reason: RegExp) => {
      const found = at(row).find((p) => p.column === column && reason.test(p.reason));
      assert.ok(found, `row ${row} ${column} ${reason}: got ${JSON.stringify(at(row))}`);
      assert.equal(found.sheet, 'survey');
    };
    expect(3, 'type', /type 'barcode' is not supported/);
    expect(4, 'type', /list 'nolist' is not in the choices sheet/);
    expect(5, 'name', /already used at row 2/);
    expect(6, 'name', /not a valid name/);
    expect(7, 'constraint', /unexpected end/);
    expect(8, 'relevant', /\$\{nowhere\} refers to no question/);
    expect(9, 'choice_filter', /choice_filter is not supported/);
    expect(10, 'type', /or_other is not supported/);
    expect(11, 'constraint', /regex pattern '\(' is invalid/);
    expect(12, 'default', /default 'many'/);
    expect(13, 'type', /content but no type/);
  });

  it('unbalanced groups and repeats', async () => {
    const { problems } = await problemsOf(
      workbook([
        ['begin group', 'g', 'G'],
        ['begin repeat', 'r', 'R'],
        ['text', 'a', 'A'],
        ['end group'],
        ['end repeat'],
        ['end repeat'],
      ]),
    );
    const reasons = problems.map((p) => `${p.row}:${p.reason}`);
    assert.ok(reasons.includes("5:'end group' closes the repeat begun at row 3"), reasons.join('\n'));
    assert.ok(reasons.includes("7:'end repeat' closes the group begun at row 2"), reasons.join('\n'));
    assert.ok(reasons.includes('2:begin group is never ended'), reasons.join('\n'));
  });

  it('a group without a name is reported once, and its end still matches', async () => {
    const { problems } = await problemsOf(
      workbook([['begin group', undefined, 'G'], ['text', 'a', 'A'], ['end group']]),
    );
    assert.deepEqual(
      problems.map((p) => [p.row, p.column, p.reason]),
      [[2, 'name', 'a name is required']],
    );
  });

  it('settings: form_id and version are required, form_id bounded', async () => {
    let { problems } = await problemsOf(
      workbook([['text', 'a', 'A']], { settings: { header: ['form_title'], rows: [['x']] } }),
    );
    assert.deepEqual(
      problems.map((p) => [p.sheet, p.column]),
      [
        ['settings', 'form_id'],
        ['settings', 'version'],
      ],
    );
    ({ problems } = await problemsOf(
      workbook([['text', 'a', 'A']], {
        settings: { header: ['form_id', 'version'], rows: [['../../etc', '1']] },
      }),
    ));
    assert.match(problems[0]?.reason ?? '', /form_id '..\/..\/etc' must be/);
  });

  it('choices: missing names, duplicates, spaces', async () => {
    const { problems } = await problemsOf(
      workbook([['select_one yn', 'a', 'A']], {
        choices: {
          header: ['list_name', 'name', 'label'],
          rows: [
            ['yn', 'yes', 'Yes'],
            ['yn', 'yes', 'Yes again'],
            ['yn', undefined, 'Nameless'],
            ['yn', 'a b', 'Spaced'],
          ],
        },
      }),
    );
    assert.deepEqual(
      problems.map((p) => [p.sheet, p.row, p.column]),
      [
        ['choices', 3, 'name'],
        ['choices', 4, 'name'],
        ['choices', 5, 'name'],
      ],
    );
  });

  it('no survey sheet', async () => {
    const { problems } = await problemsOf({
      settings: { header: ['form_id', 'version'], rows: [['t', '1']] },
    });
    assert.equal(problems[0]?.reason, 'the workbook has no survey sheet');
  });

  it('files that are not workbooks: garbage, an empty zip, a zip without a workbook, a zip bomb, too big', async () => {
    assert.equal((await problemsOf(new TextEncoder().encode('type,name\ntext,a\n'))).code, 'form-unreadable');
    assert.equal((await problemsOf(zipSync({}))).code, 'form-unreadable');
    assert.equal(
      (await problemsOf(zipSync({ 'hello.txt': new TextEncoder().encode('hi') }))).code,
      'form-unreadable',
    );
    const bomb = zipSync(
      { 'xl/workbook.xml': new Uint8Array(XLSX_LIMITS.maxUnpackedBytes + 1) },
      { level: 9 },
    );
    assert.ok(bomb.byteLength < 200_000, 'the bomb is small packed');
    assert.equal((await problemsOf(bomb)).code, 'form-too-large');
    assert.equal((await problemsOf(new Uint8Array(XLSX_LIMITS.maxFileBytes + 1))).code, 'form-too-large');
  });

  it('a zip bomb that lies about its sizes is stopped while inflating, before exceljs sees it', async () => {
    const bomb = zipSync(
      { 'xl/workbook.xml': new Uint8Array(XLSX_LIMITS.maxUnpackedBytes * 2) },
      { level: 9 },
    );
    const view = new DataView(bomb.buffer, bomb.byteOffset, bomb.byteLength);
    let patched = 0;
    for (let i = 0; i + 4 <= bomb.byteLength; i++) {
      const signature = view.getUint32(i, true);
      if (signature === 0x04034b50) view.setUint32(i + 22, 100, true); // local header: uncompressed size
      if (signature === 0x02014b50) view.setUint32(i + 24, 100, true); // central directory: uncompressed size
      if (signature === 0x04034b50 || signature === 0x02014b50) patched++;
    }
    assert.equal(patched, 2, 'both size fields found');
    const { code, problems } = await problemsOf(bomb);
    assert.equal(code, 'form-too-large');
    assert.match(problems[0]?.reason ?? '', /unpacks to over/);
  });

  it('never crashes on corrupted bytes of a real form (seeded, 60 mutations)', async () => {
    const original = await sampleBytes('water-point');
    let seed = 1234;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let refused = 0;
    for (let i = 0; i < 60; i++) {
      const bytes = original.slice();
      const flips = 1 + Math.floor(random() * 20);
      for (let j = 0; j < flips; j++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      try {
        await readXlsForm(i % 3 === 0 ? bytes.slice(0, Math.floor(random() * bytes.length)) : bytes);
      } catch (error) {
        assert.ok(error instanceof FormError, `mutation ${i}: ${(error as Error).stack}`);
        refused++;
      }
    }
    assert.ok(refused > 30, `only ${refused} of 60 corruptions were noticed`);
  });
});
