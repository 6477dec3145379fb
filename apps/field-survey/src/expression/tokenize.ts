import { ExpressionError } from '../errors.ts';

export type Token =
  | { readonly t: 'num'; readonly v: number; readonly at: number }
  | { readonly t: 'str'; readonly v: string; readonly at: number }
  | { readonly t: 'ref'; readonly v: string; readonly at: number }
  | { readonly t: 'name'; readonly v: string; readonly at: number }
  | { readonly t: 'op'; readonly v: string; readonly at: number };

/** The longest expression accepted; XLSForm cells hold short formulas, so anything this long is a mistake. */
export const MAX_EXPRESSION_LENGTH = 4000;

const NAME = /[A-Za-z_][A-Za-z0-9_\-:]*/y;
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)/y;
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_\-.]*$/;
const OPERATORS = ['!=', '<=', '>=', '..', '=', '<', '>', '+', '-', '*', '(', ')', ',', '.'];

/**
 * Splits an XLSForm expression into tokens: numbers, quoted strings, `${field}` references, names (functions and
 * the word operators `and`, `or`, `div`, `mod`) and symbols. Throws `ExpressionError` with the offset of the fault.
 */
export function tokenize(text: string): Token[] {
  if (text.length > MAX_EXPRESSION_LENGTH)
    throw new ExpressionError('expression-too-long', `expression over ${MAX_EXPRESSION_LENGTH} characters`);
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '$' && text[i + 1] === '{') {
      const end = text.indexOf('}', i + 2);
      const name = end < 0 ? '' : text.slice(i + 2, end).trim();
      if (end < 0 || !FIELD_NAME.test(name))
        throw new ExpressionError('expression-syntax', `malformed reference at ${i}: expected \${name}`, i);
      tokens.push({ t: 'ref', v: name, at: i });
      i = end + 1;
      continue;
    }
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new ExpressionError('expression-syntax', `unterminated string at ${i}`, i);
      tokens.push({ t: 'str', v: text.slice(i + 1, end), at: i });
      i = end + 1;
      continue;
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(text);
    if (number && !(number[0] === '.' || (c === '.' && text[i + 1] === '.'))) {
      tokens.push({ t: 'num', v: Number(number[0]), at: i });
      i += number[0].length;
      continue;
    }
    NAME.lastIndex = i;
    const name = NAME.exec(text);
    if (name) {
      tokens.push({ t: 'name', v: name[0], at: i });
      i += name[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) throw new ExpressionError('expression-syntax', `unexpected '${c}' at ${i}`, i);
    tokens.push({ t: 'op', v: op, at: i });
    i += op.length;
  }
  return tokens;
}
