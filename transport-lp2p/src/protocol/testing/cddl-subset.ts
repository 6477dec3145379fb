/**
 * A parser for the subset of CDDL (RFC 8610) that the files beside it use, so tests can compare the schema
 * table against the spec text. It accepts one member per line and throws on anything outside the subset,
 * so a new construct in a copied rule fails loudly instead of being skipped.
 *
 * Subset: `name = { members }` maps, `name = ( members )` groups, `name = &( label: value … )` enumerations,
 * `name = type` aliases; members `? key: type ; comment` or a bare group name; types `uint`, `text`, `bytes`,
 * `bytes .size N`, `[* type]`, `&group` and rule names; `; type key N` comments before a rule.
 */
export type CddlType =
  | { readonly kind: 'uint' | 'text' }
  | { readonly kind: 'bytes'; readonly size?: number }
  | { readonly kind: 'array'; readonly items: CddlType }
  | { readonly kind: 'ref'; readonly name: string }
  | { readonly kind: 'choice-of'; readonly name: string };

export interface CddlField {
  readonly key: number;
  readonly optional: boolean;
  readonly type: CddlType;
  /** The trailing comment, which names the field in the OSP specs. */
  readonly comment: string;
}

export type CddlRule =
  | { readonly kind: 'map' | 'group'; readonly fields: CddlField[]; readonly groups: string[] }
  | { readonly kind: 'enum'; readonly values: Map<string, number> }
  | { readonly kind: 'alias'; readonly type: CddlType };

export interface CddlDocument {
  readonly rules: Map<string, CddlRule>;
  /** Message rule name → type key, from `; type key N` comments. */
  readonly typeKeys: Map<string, number>;
}

const NAME = '[a-z][a-z0-9-]*';

/** Parses `text`; `into` lets several files form one document (a repeated enumeration is extended). */
export function parseCddl(text: string, into?: CddlDocument): CddlDocument {
  const document = into ?? { rules: new Map(), typeKeys: new Map() };
  const lines = text.split('\n');
  let pendingTypeKey: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    const typeKey = /^; type key (\d+)$/.exec(line);
    if (typeKey) pendingTypeKey = Number(typeKey[1]);
    if (line === '' || line.startsWith(';')) continue;
    const head = new RegExp(`^(${NAME})\\s*=\\s*(.*)$`).exec(line);
    if (!head) throw new SyntaxError(`line ${i + 1}: expected a rule: ${line}`);
    const [, name = '', rest = ''] = head;
    if (pendingTypeKey !== undefined) document.typeKeys.set(name, pendingTypeKey);
    pendingTypeKey = undefined;
    if (rest === '{' || rest === '(' || rest === '&(') {
      const close = rest === '{' ? '}' : ')';
      const body: string[] = [];
      for (i++; i < lines.length && (lines[i] as string).trim() !== close; i++) body.push(lines[i] as string);
      if (i >= lines.length) throw new SyntaxError(`rule ${name}: missing ${close}`);
      addRule(document, name, parseBody(name, rest, body));
    } else {
      addRule(document, name, { kind: 'alias', type: parseType(stripComment(rest).text) });
    }
  }
  return document;
}

function addRule(document: CddlDocument, name: string, rule: CddlRule): void {
  const existing = document.rules.get(name);
  if (existing?.kind === 'enum' && rule.kind === 'enum') {
    for (const [label, value] of rule.values) existing.values.set(label, value);
  } else if (existing) {
    throw new SyntaxError(`rule ${name} is defined twice`);
  } else {
    document.rules.set(name, rule);
  }
}

function parseBody(name: string, opener: string, body: string[]): CddlRule {
  const values = new Map<string, number>();
  const fields: CddlField[] = [];
  const groups: string[] = [];
  for (const raw of body) {
    const { text, comment } = stripComment(raw.trim());
    if (text === '') continue;
    const choice = new RegExp(`^(${NAME})\\s*:\\s*(\\d+)$`).exec(text);
    const member = /^(\?\s*)?(\d+)\s*:\s*(.+)$/.exec(text);
    if (choice) values.set(choice[1] as string, Number(choice[2]));
    else if (member) {
      const type = parseType((member[3] as string).trim());
      fields.push({ key: Number(member[2]), optional: member[1] !== undefined, type, comment });
    } else if (new RegExp(`^${NAME}$`).test(text)) groups.push(text);
    else throw new SyntaxError(`rule ${name}: unsupported member: ${text}`);
  }
  if (values.size > 0 && (fields.length > 0 || groups.length > 0)) {
    throw new SyntaxError(`rule ${name} mixes choices and fields`);
  }
  // A group of `label: value` pairs is an enumeration when referenced as `&name` (OSP's `result`).
  if (opener === '&(' || values.size > 0) return { kind: 'enum', values };
  return { kind: opener === '{' ? 'map' : 'group', fields, groups };
}

function parseType(text: string): CddlType {
  if (text === 'uint' || text === 'text') return { kind: text };
  if (text === 'bytes') return { kind: 'bytes' };
  const sized = /^bytes \.size (\d+)$/.exec(text);
  if (sized) return { kind: 'bytes', size: Number(sized[1]) };
  const array = /^\[\*\s*(.+)\]$/.exec(text);
  if (array) return { kind: 'array', items: parseType((array[1] as string).trim()) };
  const choice = new RegExp(`^&(${NAME})$`).exec(text);
  if (choice) return { kind: 'choice-of', name: choice[1] as string };
  if (new RegExp(`^${NAME}$`).test(text)) return { kind: 'ref', name: text };
  throw new SyntaxError(`unsupported type: ${text}`);
}

function stripComment(text: string): { text: string; comment: string } {
  const at = text.indexOf(';');
  if (at < 0) return { text: text.trim(), comment: '' };
  return { text: text.slice(0, at).trim(), comment: text.slice(at + 1).trim() };
}
