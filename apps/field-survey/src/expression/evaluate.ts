import { ExpressionError } from '../errors.ts';
import type { Expr } from './ast.ts';
import { type Clock, FUNCTIONS } from './functions.ts';
import { compare, equals, toBoolean, toNumber, toText, type Value } from './values.ts';

/** What an expression can see: field values around the node it belongs to. */
export interface Scope {
  /** `${name}`: one value, or a node-set when the field is in a repeat the current node is not in. */
  resolve(name: string): Value;
  /** `.`: the value of the node the expression belongs to. */
  self(): Value;
  /** `position(..)`: 1-based index of the current repeat instance (0 outside a repeat). */
  position(): number;
  readonly clock: Clock;
}

/**
 * Evaluates a parsed expression. Never throws for data (a bad number is NaN, a missing value is ''), only for
 * a `regex()` whose pattern does not compile (`ExpressionError` code `expression-invalid-regex`).
 */
export function evaluate(expr: Expr, scope: Scope): Value {
  switch (expr.k) {
    case 'num':
      return expr.v;
    case 'str':
      return expr.v;
    case 'ref':
      return scope.resolve(expr.name);
    case 'self':
      return scope.self();
    case 'parent':
      return '';
    case 'neg':
      return -toNumber(evaluate(expr.a, scope));
    case 'bin':
      return binary(expr, scope);
    case 'call':
      return call(expr, scope);
  }
}

function binary(expr: Extract<Expr, { k: 'bin' }>, scope: Scope): Value {
  const { op } = expr;
  if (op === 'and') return toBoolean(evaluate(expr.a, scope)) && toBoolean(evaluate(expr.b, scope));
  if (op === 'or') return toBoolean(evaluate(expr.a, scope)) || toBoolean(evaluate(expr.b, scope));
  const a = evaluate(expr.a, scope);
  const b = evaluate(expr.b, scope);
  switch (op) {
    case '=':
      return equals(a, b);
    case '!=':
      return !equals(a, b);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compare(a, b, op);
    case '+':
      return toNumber(a) + toNumber(b);
    case '-':
      return toNumber(a) - toNumber(b);
    case '*':
      return toNumber(a) * toNumber(b);
    case 'div':
      return toNumber(a) / toNumber(b);
    case 'mod':
      return toNumber(a) % toNumber(b);
  }
}

function call(expr: Extract<Expr, { k: 'call' }>, scope: Scope): Value {
  const args = expr.args;
  switch (expr.fn) {
    case 'if':
      return toBoolean(evaluate(args[0] as Expr, scope))
        ? evaluate(args[1] as Expr, scope)
        : evaluate(args[2] as Expr, scope);
    case 'position':
      return scope.position();
    case 'coalesce': {
      const first = evaluate(args[0] as Expr, scope);
      return toText(first) !== '' ? first : evaluate(args[1] as Expr, scope);
    }
    case 'string-length':
      return toText(args[0] ? evaluate(args[0], scope) : scope.self()).length;
  }
  const spec = FUNCTIONS[expr.fn];
  if (!spec?.apply)
    throw new ExpressionError('expression-unknown-function', `unsupported function ${expr.fn}()`);
  const values = args.map((arg) => evaluate(arg, scope));
  try {
    return spec.apply(values, scope.clock);
  } catch (error) {
    if (error instanceof SyntaxError)
      throw new ExpressionError('expression-invalid-regex', `${expr.fn}(): ${error.message}`);
    throw error;
  }
}
