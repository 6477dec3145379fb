/**
 * Reads the `survey` sheet into the form tree: one row per question, `begin group`/`end group` and
 * `begin repeat`/`end repeat` rows nest. Every fault becomes a problem with its row and column; nothing throws.
 */
import type { FormProblem } from '../errors.ts';
import type { FieldNode, FieldType, FormNode, GroupNode, RepeatNode } from '../form/form-model.ts';
import { NAME_PATTERN } from './names.ts';
import { type RowReader, rowReader, type SheetRow, type SheetTable } from './sheet-table.ts';

const FIELD_TYPES: Readonly<Record<string, FieldType>> = {
  text: 'text',
  string: 'text',
  integer: 'integer',
  int: 'integer',
  decimal: 'decimal',
  date: 'date',
  time: 'time',
  geopoint: 'geopoint',
  image: 'photo',
  photo: 'photo',
  note: 'note',
  calculate: 'calculate',
};

/** Columns we do not support; a row that uses one is refused rather than half-understood. */
const UNSUPPORTED_COLUMNS = [
  'choice_filter',
  'repeat_count',
  'trigger',
  'parameters',
  'media::image',
  'media::audio',
  'media::video',
];

interface Open {
  readonly kind: 'group' | 'repeat';
  readonly row: SheetRow;
  readonly cells: RowReader;
  readonly children: FormNode[];
}

export function readSurvey(table: SheetTable | undefined, problems: FormProblem[]): FormNode[] {
  if (!table) {
    problems.push({ sheet: 'survey', reason: 'the workbook has no survey sheet' });
    return [];
  }
  const sheet = table.name;
  const root: FormNode[] = [];
  const stack: Open[] = [];
  const names = new Map<string, number>();
  for (const row of table.rows) {
    const cells = rowReader(table, row);
    const problem = (column: string, reason: string) =>
      problems.push({ sheet, row: row.row, column: cells.column(column), reason });
    const typeText = (cells.get('type') ?? '').replace(/\s+/g, ' ');
    const name = cells.get('name') ?? '';
    if (typeText === '') {
      if (Object.keys(row.cells).length > 0) problem('type', 'the row has content but no type');
      continue;
    }
    const parent = stack.at(-1)?.children ?? root;
    const [word = '', ...rest] = typeText.split(' ');
    const lower = typeText.toLowerCase().replace('_', ' ');
    if (lower === 'end group' || lower === 'end repeat') {
      const kind = lower === 'end group' ? 'group' : 'repeat';
      const open = stack.pop();
      if (!open) problem('type', `'${typeText}' without a matching begin ${kind}`);
      else if (open.kind !== kind) {
        problem('type', `'${typeText}' closes the ${open.kind} begun at row ${open.row.row}`);
        stack.push(open);
      } else (stack.at(-1)?.children ?? root).push(closeContainer(open, sheet));
      continue;
    }
    const named = checkName(name, row, names, problem);
    for (const column of UNSUPPORTED_COLUMNS)
      if (cells.get(column) !== undefined) problem(column, `${column} is not supported`);
    if (lower === 'begin group' || lower === 'begin repeat') {
      // Opened even when its name is bad (that is reported), so its end row still matches.
      stack.push({ kind: lower === 'begin group' ? 'group' : 'repeat', row, cells, children: [] });
      continue;
    }
    if (!named) continue;
    const field = readField(word.toLowerCase(), rest, name, cells, problem);
    if (field) parent.push({ ...field, source: { sheet, row: row.row } });
  }
  for (const open of stack.reverse())
    problems.push({ sheet, row: open.row.row, column: 'type', reason: `begin ${open.kind} is never ended` });
  return root;
}

function checkName(
  name: string,
  row: SheetRow,
  names: Map<string, number>,
  problem: (column: string, reason: string) => void,
): boolean {
  if (name === '') {
    problem('name', 'a name is required');
    return false;
  }
  if (!NAME_PATTERN.test(name)) {
    problem(
      'name',
      `'${name}' is not a valid name (letters, digits, '_', '-', '.'; not starting with a digit)`,
    );
    return false;
  }
  const seen = names.get(name);
  if (seen !== undefined) {
    problem('name', `the name '${name}' is already used at row ${seen}`);
    return false;
  }
  names.set(name, row.row);
  return true;
}

function closeContainer(open: Open, sheet: string): GroupNode | RepeatNode {
  const { cells } = open;
  return {
    kind: open.kind,
    name: cells.get('name') ?? '',
    label: cells.translations('label') ?? {},
    relevant: cells.get('relevant'),
    appearance: cells.get('appearance'),
    children: open.children,
    source: { sheet, row: open.row.row },
  };
}

function readField(
  word: string,
  rest: string[],
  name: string,
  cells: RowReader,
  problem: (column: string, reason: string) => void,
): Omit<FieldNode, 'source'> | undefined {
  let type = FIELD_TYPES[word];
  let listName: string | undefined;
  if (word === 'select_one' || word === 'select_multiple') {
    type = word;
    listName = rest[0];
    if (rest.includes('or_other')) {
      problem('type', 'or_other is not supported (add an "other" choice and a text question)');
      return undefined;
    }
    if (!listName || rest.length > 1) {
      problem('type', `'${word}' needs one list name, as in '${word} yes_no'`);
      return undefined;
    }
  } else if (rest.length > 0 || type === undefined) {
    problem('type', `type '${[word, ...rest].join(' ')}' is not supported`);
    return undefined;
  }
  const label = cells.translations('label') ?? {};
  if (type !== 'calculate' && Object.keys(label).length === 0 && !cells.get('hint'))
    problem('label', `'${name}' needs a label`);
  const calculation = cells.get('calculation');
  if (type === 'calculate' && !calculation) problem('calculation', `calculate '${name}' needs a calculation`);
  const required = cells.get('required');
  const readOnly = cells.get('read_only');
  return {
    kind: 'field',
    type,
    name,
    label,
    hint: cells.translations('hint') ?? {},
    listName,
    required: normalizeFlag(required),
    requiredMessage: cells.translations('required_message'),
    constraint: cells.get('constraint'),
    constraintMessage: cells.translations('constraint_message'),
    relevant: cells.get('relevant'),
    calculation,
    defaultValue: cells.get('default'),
    appearance: cells.get('appearance'),
    readOnly: normalizeFlag(readOnly) === 'true()' ? true : undefined,
  };
}

/** `yes`/`true`/`TRUE()` → `true()`; `no`/`false`/empty → absent; anything else is an expression. */
export function normalizeFlag(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const lower = value.trim().toLowerCase();
  if (['yes', 'true', 'true()', '1'].includes(lower)) return 'true()';
  if (['no', 'false', 'false()', '0', ''].includes(lower)) return undefined;
  return value;
}
