import { ExpressionError } from '../errors.ts';
import type { BinaryOp, Expr } from './ast.ts';
import { FUNCTIONS } from './functions.ts';
import { type Token, tokenize } from './tokenize.ts';

/** Deepest nesting accepted (parentheses, calls, unary minus): bounds the parser's stack. */
export const MAX_EXPRESSION_DEPTH = 32;

const LEVELS: readonly (readonly string[])[] = [
  ['or'],
  ['and'],
  ['=', '!='],
  ['<', '<=', '>', '>='],
  ['+', '-'],
  ['*', 'div', 'mod'],
];

/**
 * Parses the XLSForm (ODK XPath) expression subset: see docs/field-survey.md for what is supported. Throws
 * `ExpressionError` (syntax, too long, too deep, unknown function, wrong number of arguments).
 *
 * @example
 * parseExpression("${age} >= 18 and selected(${consent}, 'yes')");
 */
export function parseExpression(text: string): Expr {
  const tokens = tokenize(text);
  if (tokens.length === 0) throw new ExpressionError('expression-syntax', 'empty expression', 0);
  let i = 0;
  let depth = 0;
  const peek = (): Token | undefined => tokens[i];
  const fail = (message: string, at = peek()?.at ?? text.length): never => {
    throw new ExpressionError('expression-syntax', `${message} at ${at}`, at);
  };
  const enter = () => {
    if (++depth > MAX_EXPRESSION_DEPTH)
      throw new ExpressionError(
        'expression-too-deep',
        `nested deeper than ${MAX_EXPRESSION_DEPTH}`,
        peek()?.at,
      );
  };
  const isOp = (token: Token | undefined, ops: readonly string[]) =>
    token !== undefined && (token.t === 'op' || token.t === 'name') && ops.includes(token.v);
  const expect = (op: string) => {
    const token = peek();
    if (token?.t !== 'op' || token.v !== op) fail(`expected '${op}'`);
    i++;
  };

  // Operator chains (a + b + c …) are parsed iteratively; only nesting (parentheses, calls, unary minus)
  // recurses, and `enter` bounds it. The tree's depth, chains included, is checked once parsing is done.
  const binary = (level: number): Expr => {
    if (level === LEVELS.length) return unary();
    let left = binary(level + 1);
    const ops = LEVELS[level] as readonly string[];
    while (isOp(peek(), ops)) {
      const op = (tokens[i++] as Token).v as BinaryOp;
      left = { k: 'bin', op, a: left, b: binary(level + 1) };
    }
    return left;
  };

  const unary = (): Expr => {
    const token = peek();
    if (token?.t === 'op' && token.v === '-') {
      i++;
      enter();
      const a = unary();
      depth--;
      return { k: 'neg', a };
    }
    return primary();
  };

  const primary = (): Expr => {
    const token = peek();
    if (!token) return fail('unexpected end');
    i++;
    switch (token.t) {
      case 'num':
        return { k: 'num', v: token.v };
      case 'str':
        return { k: 'str', v: token.v };
      case 'ref':
        return { k: 'ref', name: token.v };
      case 'op':
        if (token.v === '.') return { k: 'self' };
        if (token.v === '..') return { k: 'parent' };
        if (token.v === '(') {
          enter();
          const inner = binary(0);
          expect(')');
          depth--;
          return inner;
        }
        return fail(`unexpected '${token.v}'`, token.at);
      case 'name':
        return call(token);
    }
  };

  const call = (name: Extract<Token, { t: 'name' }>): Expr => {
    if (peek()?.t !== 'op' || peek()?.v !== '(')
      return fail(`'${name.v}' is not supported here (use \${name} to refer to a field)`, name.at);
    const spec = FUNCTIONS[name.v];
    if (!spec)
      throw new ExpressionError('expression-unknown-function', `unsupported function ${name.v}()`, name.at);
    i++;
    enter();
    const args: Expr[] = [];
    if (!(peek()?.t === 'op' && peek()?.v === ')')) {
      args.push(binary(0));
      while (peek()?.t === 'op' && peek()?.v === ',') {
        i++;
        args.push(binary(0));
      }
    }
    expect(')');
    depth--;
    if (args.length < spec.min || args.length > spec.max) {
      const range =
        spec.min === spec.max ? `${spec.min}` : `${spec.min} to ${spec.max === Infinity ? 'any' : spec.max}`;
      throw new ExpressionError(
        'expression-arity',
        `${name.v}() takes ${range} arguments, got ${args.length}`,
        name.at,
      );
    }
    return { k: 'call', fn: name.v, args };
  };

  const expr = binary(0);
  if (i < tokens.length) fail(`unexpected '${(tokens[i] as Token).v}'`);
  if (treeDepth(expr) > MAX_TREE_DEPTH)
    throw new ExpressionError('expression-too-deep', `more than ${MAX_TREE_DEPTH} operations deep`);
  return expr;
}

/** Deepest tree accepted, operator chains included: bounds the evaluator's recursion. */
export const MAX_TREE_DEPTH = 128;

function treeDepth(expr: Expr): number {
  switch (expr.k) {
    case 'neg':
      return 1 + treeDepth(expr.a);
    case 'bin':
      return 1 + Math.max(treeDepth(expr.a), treeDepth(expr.b));
    case 'call':
      return 1 + Math.max(0, ...expr.args.map(treeDepth));
    default:
      return 1;
  }
}
