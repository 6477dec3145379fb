/** The parsed form of an expression. */
export type Expr =
  | { readonly k: 'num'; readonly v: number }
  | { readonly k: 'str'; readonly v: string }
  | { readonly k: 'ref'; readonly name: string }
  | { readonly k: 'self' }
  | { readonly k: 'parent' }
  | { readonly k: 'neg'; readonly a: Expr }
  | { readonly k: 'bin'; readonly op: BinaryOp; readonly a: Expr; readonly b: Expr }
  | { readonly k: 'call'; readonly fn: string; readonly args: readonly Expr[] };

export type BinaryOp = 'or' | 'and' | '=' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | 'div' | 'mod';

/** Every `${name}` the expression refers to. */
export function references(expr: Expr, out: Set<string> = new Set()): Set<string> {
  switch (expr.k) {
    case 'ref':
      out.add(expr.name);
      break;
    case 'neg':
      references(expr.a, out);
      break;
    case 'bin':
      references(expr.a, out);
      references(expr.b, out);
      break;
    case 'call':
      for (const arg of expr.args) references(arg, out);
      break;
  }
  return out;
}
