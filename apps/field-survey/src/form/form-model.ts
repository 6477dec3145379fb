/**
 * The form model: what an XLSForm describes, independent of the spreadsheet. Portable (plain data, JSON-safe),
 * so a form travels to devices as a document and is read by browsers without the xlsx reader.
 */
import type { SheetLocation } from '../errors.ts';

/** The field types supported (XLSForm `type` column; `select_one LIST` and `select_multiple LIST` name a list). */
export type FieldType =
  | 'text'
  | 'integer'
  | 'decimal'
  | 'select_one'
  | 'select_multiple'
  | 'date'
  | 'time'
  | 'geopoint'
  | 'photo'
  | 'note'
  | 'calculate';

/** Labels and hints by language; the key `''` is the default (a plain `label` column). */
export type Translations = Readonly<Record<string, string>>;

export interface Choice {
  readonly name: string;
  readonly label: Translations;
}

interface NodeBase {
  readonly name: string;
  readonly label: Translations;
  readonly relevant?: string;
  /** The XLSForm row it came from, so evaluation errors can name it. */
  readonly source: SheetLocation;
}

export interface FieldNode extends NodeBase {
  readonly kind: 'field';
  readonly type: FieldType;
  readonly hint: Translations;
  /** For select types: the choice list name. */
  readonly listName?: string;
  /** `yes`/`true()`, or an expression. */
  readonly required?: string;
  readonly requiredMessage?: Translations;
  readonly constraint?: string;
  readonly constraintMessage?: Translations;
  readonly calculation?: string;
  readonly defaultValue?: string;
  /** Kept as written; rendering hints for the UI (`multiline`, `minimal`, `signature`…). */
  readonly appearance?: string;
  readonly readOnly?: boolean;
}

export interface GroupNode extends NodeBase {
  readonly kind: 'group';
  readonly appearance?: string;
  readonly children: readonly FormNode[];
}

export interface RepeatNode extends NodeBase {
  readonly kind: 'repeat';
  readonly appearance?: string;
  readonly children: readonly FormNode[];
}

export type FormNode = FieldNode | GroupNode | RepeatNode;

/** A form at one version. `id` + `version` identify it; every submission records both. */
export interface Form {
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly defaultLanguage?: string;
  readonly languages: readonly string[];
  readonly children: readonly FormNode[];
  readonly choices: Readonly<Record<string, readonly Choice[]>>;
}

/** A value as stored: strings for text/select_one/date/time/photo, numbers, arrays for select_multiple. */
export type FieldValue = string | number | readonly string[] | GeoPoint | null;

/** WGS 84; altitude in metres, accuracy in metres. */
export interface GeoPoint {
  readonly lat: number;
  readonly lon: number;
  readonly alt?: number;
  readonly accuracy?: number;
}

/** One instance of a repeat group: a stable key (for merging and for the export's parent key) and its values. */
export interface RepeatInstance {
  readonly key: string;
  readonly values: SubmissionValues;
}

/** The values of a submission, groups flattened (names are unique in a form), repeats as arrays. */
export type SubmissionValues = {
  readonly [name: string]: FieldValue | readonly RepeatInstance[] | undefined;
};

/** Every field and repeat in document order, with the chain of repeats it sits in. */
export interface FlatNode {
  readonly node: FieldNode | RepeatNode;
  /** The repeats enclosing it, outermost first (not including itself). */
  readonly repeats: readonly RepeatNode[];
  /** Relevance of the enclosing groups and repeats, outermost first. */
  readonly ancestorsRelevant: readonly string[];
}

/** Walks the form tree; groups are transparent, fields and repeats are listed. */
export function flattenForm(form: Form): FlatNode[] {
  const out: FlatNode[] = [];
  const walk = (nodes: readonly FormNode[], repeats: RepeatNode[], relevant: string[]) => {
    for (const node of nodes) {
      if (node.kind === 'field') out.push({ node, repeats, ancestorsRelevant: relevant });
      else {
        const inner = node.relevant ? [...relevant, node.relevant] : relevant;
        if (node.kind === 'repeat') {
          out.push({ node, repeats, ancestorsRelevant: relevant });
          walk(node.children, [...repeats, node], inner);
        } else walk(node.children, repeats, inner);
      }
    }
  };
  walk(form.children, [], []);
  return out;
}

/** The label in `language`, else the default, else any. */
export function pickLabel(labels: Translations, language?: string): string {
  if (language !== undefined && labels[language] !== undefined) return labels[language];
  return labels[''] ?? Object.values(labels)[0] ?? '';
}

/** Types that hold no value of their own. */
export function holdsValue(type: FieldType): boolean {
  return type !== 'note';
}
