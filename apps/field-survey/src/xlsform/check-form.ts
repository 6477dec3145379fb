/**
 * The checks that need the whole form: every expression parses and refers only to fields that exist, `.` is
 * used only where it means something, select lists exist, `regex()` patterns compile, defaults fit their type.
 */
import { ExpressionError, type FormProblem } from '../errors.ts';
import type { Expr } from '../expression/ast.ts';
import { references } from '../expression/ast.ts';
import { compileRegex } from '../expression/functions.ts';
import { parseExpression } from '../expression/parse.ts';
import { parseFieldValue } from '../form/field-values.ts';
import { type FieldNode, type Form, type FormNode, flattenForm } from '../form/form-model.ts';

const EXPRESSION_COLUMNS = ['relevant', 'constraint', 'calculation', 'required'] as const;

export function checkForm(form: Form, problems: FormProblem[]): void {
  const names = new Set<string>();
  for (const { node } of flattenForm(form)) names.add(node.name);
  const visit = (nodes: readonly FormNode[]) => {
    for (const node of nodes) {
      if (node.kind !== 'field') {
        check(node.relevant, 'relevant', node, names, problems);
        visit(node.children);
        continue;
      }
      for (const column of EXPRESSION_COLUMNS) {
        const text = column === 'required' && node.required === 'true()' ? undefined : node[column];
        check(text, column, node, names, problems);
      }
      checkField(node, form, problems);
    }
  };
  visit(form.children);
}

function check(
  text: string | undefined,
  column: string,
  node: FormNode,
  names: Set<string>,
  problems: FormProblem[],
): void {
  if (text === undefined) return;
  const at = (reason: string) => problems.push({ ...node.source, column, reason });
  let expr: Expr;
  try {
    expr = parseExpression(text);
  } catch (error) {
    if (error instanceof ExpressionError) return void at(`${error.message} in '${text}'`);
    throw error;
  }
  for (const name of references(expr))
    if (!names.has(name)) at(`\${${name}} refers to no question in the form`);
  for (const pattern of regexPatterns(expr)) {
    try {
      compileRegex(pattern);
    } catch (error) {
      at(`regex pattern '${pattern}' is invalid: ${(error as Error).message}`);
    }
  }
}

function regexPatterns(expr: Expr, out: string[] = []): string[] {
  if (expr.k === 'call') {
    const pattern = expr.args[1];
    if (expr.fn === 'regex' && pattern?.k === 'str') out.push(pattern.v);
    for (const arg of expr.args) regexPatterns(arg, out);
  } else if (expr.k === 'bin') {
    regexPatterns(expr.a, out);
    regexPatterns(expr.b, out);
  } else if (expr.k === 'neg') regexPatterns(expr.a, out);
  return out;
}

function checkField(node: FieldNode, form: Form, problems: FormProblem[]): void {
  const at = (column: string, reason: string) => problems.push({ ...node.source, column, reason });
  if (node.listName !== undefined && !form.choices[node.listName])
    at('type', `list '${node.listName}' is not in the choices sheet`);
  if (node.defaultValue !== undefined) {
    const parsed = parseFieldValue(node, node.defaultValue, form);
    if (!parsed.ok) at('default', `default '${node.defaultValue}': ${parsed.reason}`);
  }
}
