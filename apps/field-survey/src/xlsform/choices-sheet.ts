import type { FormProblem } from '../errors.ts';
import type { Choice } from '../form/form-model.ts';
import { NAME_PATTERN } from './names.ts';
import { rowReader, type SheetTable } from './sheet-table.ts';

/** Reads the `choices` sheet: `list_name`, `name`, `label` (translated). Collects problems, never throws. */
export function readChoices(
  table: SheetTable | undefined,
  problems: FormProblem[],
): Record<string, Choice[]> {
  const lists: Record<string, Choice[]> = {};
  if (!table) return lists;
  for (const row of table.rows) {
    const cells = rowReader(table, row);
    const at = (column: string, reason: string) =>
      problems.push({ sheet: table.name, row: row.row, column: cells.column(column), reason });
    const list = cells.get('list_name') ?? cells.get('list name');
    const name = cells.get('name') ?? cells.get('value');
    if (list === undefined && name === undefined) continue;
    if (list === undefined) {
      at('list_name', 'a choice needs a list_name');
      continue;
    }
    if (name === undefined) {
      at('name', `a choice of list '${list}' needs a name`);
      continue;
    }
    if (/\s/.test(name)) {
      at('name', `choice name '${name}' has a space (select_multiple values are space-separated)`);
      continue;
    }
    if (!NAME_PATTERN.test(list)) at('list_name', `'${list}' is not a valid list name`);
    const choices = lists[list] ?? [];
    lists[list] = choices;
    if (choices.some((c) => c.name === name)) {
      at('name', `choice '${name}' appears twice in list '${list}'`);
      continue;
    }
    if (cells.get('media::image') || cells.get('image'))
      at('media::image', 'choice images are not supported');
    choices.push({ name, label: cells.translations('label') ?? { '': name } });
  }
  return lists;
}
