/**
 * Validation of a submission against its form: types, required, constraints, relevance and calculations,
 * in every repeat instance. Portable; the clock is injected for `today()`/`now()`.
 */
import { ExpressionError, formatLocation, type SheetLocation } from '../errors.ts';
import { evaluate as evaluateExpression } from '../expression/evaluate.ts';
import type { Clock } from '../expression/functions.ts';
import { toBoolean, toText, type Value } from '../expression/values.ts';
import { checkFieldValue } from './field-values.ts';
import { indexForm } from './form-index.ts';
import type {
  FieldNode,
  FieldValue,
  Form,
  FormNode,
  RepeatNode,
  SubmissionValues,
  Translations,
} from './form-model.ts';
import { pickLabel } from './form-model.ts';
import { type Frame, SubmissionScope } from './form-scope.ts';

export interface ValidationIssue {
  /** `name`, or `repeat[2]/name` inside repeats (1-based positions). */
  readonly path: string;
  readonly field: string;
  /** `expression`: an expression failed while evaluating (a `regex()` pattern taken from an answer). */
  readonly code: 'required' | 'constraint' | 'invalid' | 'unknown-field' | 'expression';
  readonly message: string;
  readonly source?: SheetLocation;
}

export interface Evaluation {
  /** The values as the form defines them: non-relevant ones left out, calculations filled in. */
  readonly values: SubmissionValues;
  readonly issues: readonly ValidationIssue[];
}

export interface EvaluateOptions {
  readonly clock?: Clock;
  /** Language of the messages; default the form's default language. */
  readonly language?: string;
}

const systemClock: Clock = { now: () => new Date() };

/**
 * Evaluates `values` against `form`. A submission is valid when `issues` is empty; a draft may have issues.
 *
 * @example
 * const { issues } = evaluateSubmission(form, { age: 12, consent: 'yes' });
 * for (const issue of issues) console.log(issue.path, issue.message);
 */
export function evaluateSubmission(
  form: Form,
  values: SubmissionValues,
  options: EvaluateOptions = {},
): Evaluation {
  const index = indexForm(form);
  const scope = new SubmissionScope(index, values, options.clock ?? systemClock);
  const language = options.language ?? form.defaultLanguage;
  const issues: ValidationIssue[] = [];
  const message = (labels: Translations | undefined, fallback: string) =>
    labels ? pickLabel(labels, language) || fallback : fallback;

  const walk = (
    nodes: readonly FormNode[],
    chain: readonly Frame[],
    prefix: string,
  ): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    const raw = scope.valuesAt(chain);
    const known = new Set<string>();
    const visit = (list: readonly FormNode[]) => {
      for (const node of list) {
        if (node.kind === 'group') {
          visit(node.children);
          continue;
        }
        known.add(node.name);
        try {
          visitNode(node);
        } catch (error) {
          // A regex() whose pattern comes from an answer, say: reported against the form row, not thrown.
          if (!(error instanceof ExpressionError)) throw error;
          issues.push({
            path: prefix + node.name,
            field: node.name,
            code: 'expression',
            message: `${formatLocation(node.source)}${error.message}`,
            source: node.source,
          });
        }
      }
    };
    const visitNode = (node: FieldNode | RepeatNode) => {
      const flat = index.nodes.get(node.name);
      if (!flat || !scope.relevant(flat, chain)) return;
      if (node.kind === 'repeat') {
        out[node.name] = scope.instances(node, chain).map((instance, i) => ({
          key: instance.key,
          values: walk(
            node.children,
            [...chain, { repeat: node, instance, index: i }],
            `${prefix}${node.name}[${i + 1}]/`,
          ),
        }));
        return;
      }
      const path = prefix + node.name;
      const issue = (code: ValidationIssue['code'], text: string) =>
        issues.push({ path, field: node.name, code, message: text, source: node.source });
      if (node.type === 'note') return;
      let value: FieldValue;
      if (node.calculation) value = fromXPath(node, scope.value(flat, chain));
      else {
        const checked = checkFieldValue(node, raw[node.name], form);
        if (!checked.ok) {
          issue('invalid', checked.reason);
          return;
        }
        value = checked.value;
      }
      const self = () => scope.value(flat, chain);
      const fieldScope = scope.scope(flat, chain, self);
      if (value === null) {
        if (node.required && toBoolean(evaluateText(node.required, fieldScope)))
          issue('required', message(node.requiredMessage, 'this question is required'));
        return;
      }
      out[node.name] = value;
      if (node.constraint && !toBoolean(evaluateText(node.constraint, fieldScope)))
        issue('constraint', message(node.constraintMessage, `the value does not meet '${node.constraint}'`));
    };
    const evaluateText = (text: string, s: ReturnType<SubmissionScope['scope']>) =>
      evaluateExpression(index.expression(text), s);
    visit(nodes);
    for (const name of Object.keys(raw))
      if (!known.has(name))
        issues.push({
          path: prefix + name,
          field: name,
          code: 'unknown-field',
          message: `'${name}' is not in the form`,
        });
    return out;
  };

  return { values: walk(form.children, [], '') as SubmissionValues, issues };
}

/** A calculation's result as a stored value: numbers stay numbers, the rest is text. */
function fromXPath(_node: FieldNode, value: Value): FieldValue {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const text = toText(value);
  return text === '' ? null : text;
}
