import type { Expr } from '../expression/ast.ts';
import { parseExpression } from '../expression/parse.ts';
import { type FlatNode, type Form, flattenForm } from './form-model.ts';

/** A form prepared for evaluation: nodes by name, expressions parsed once. Built by `indexForm`, cached. */
export interface FormIndex {
  readonly form: Form;
  readonly nodes: ReadonlyMap<string, FlatNode>;
  /** Parsed expression of a cell; the form was checked on import, so this does not throw for imported forms. */
  expression(text: string): Expr;
}

const cache = new WeakMap<Form, FormIndex>();

export function indexForm(form: Form): FormIndex {
  let index = cache.get(form);
  if (index) return index;
  const nodes = new Map(flattenForm(form).map((flat) => [flat.node.name, flat]));
  const parsed = new Map<string, Expr>();
  index = {
    form,
    nodes,
    expression(text) {
      let expr = parsed.get(text);
      if (!expr) {
        expr = parseExpression(text);
        parsed.set(text, expr);
      }
      return expr;
    },
  };
  cache.set(form, index);
  return index;
}
