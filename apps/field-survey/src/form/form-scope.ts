/**
 * What expressions see while a submission is evaluated: `${name}` resolved relative to the repeat instance the
 * expression runs in (one value in the same or an enclosing instance, a node-set across instances below),
 * calculations computed on demand and memoized, non-relevant fields empty. Cycles between calculations or
 * relevance read as empty instead of recursing.
 */
import { evaluate, type Scope } from '../expression/evaluate.ts';
import type { Clock } from '../expression/functions.ts';
import { toBoolean, type Value } from '../expression/values.ts';
import { toXPath } from './field-values.ts';
import type { FormIndex } from './form-index.ts';
import type { FieldValue, FlatNode, RepeatInstance, RepeatNode, SubmissionValues } from './form-model.ts';

/** One level of repeat nesting: which instance of which repeat, and its 0-based position. */
export interface Frame {
  readonly repeat: RepeatNode;
  readonly instance: RepeatInstance;
  readonly index: number;
}

const PENDING = Symbol('pending');

export class SubmissionScope {
  private readonly values = new WeakMap<object, Map<string, Value | typeof PENDING>>();
  private readonly relevance = new WeakMap<object, Map<string, boolean | typeof PENDING>>();
  readonly index: FormIndex;
  private readonly root: SubmissionValues;
  private readonly clock: Clock;

  constructor(index: FormIndex, root: SubmissionValues, clock: Clock) {
    this.index = index;
    this.root = root;
    this.clock = clock;
  }

  valuesAt(chain: readonly Frame[]): SubmissionValues {
    return chain.at(-1)?.instance.values ?? this.root;
  }

  /** Whether `flat` is relevant in the instance `chain` ends at (its own and its groups' `relevant`). */
  relevant(flat: FlatNode, chain: readonly Frame[]): boolean {
    const memo = this.memo(this.relevance, this.valuesAt(chain));
    const known = memo.get(flat.node.name);
    if (known !== undefined) return known !== PENDING && known;
    memo.set(flat.node.name, PENDING);
    const scope = this.scope(flat, chain);
    const conditions = flat.node.relevant
      ? [...flat.ancestorsRelevant, flat.node.relevant]
      : flat.ancestorsRelevant;
    const result = conditions.every((text) => toBoolean(evaluate(this.index.expression(text), scope)));
    memo.set(flat.node.name, result);
    return result;
  }

  /** The value expressions see for a field: '' when not relevant, the calculation's result when it has one. */
  value(flat: FlatNode, chain: readonly Frame[]): Value {
    if (!this.relevant(flat, chain)) return '';
    const node = flat.node;
    if (node.kind === 'repeat') return this.instances(node, chain).map(() => '');
    if (!node.calculation) return toXPath(this.valuesAt(chain)[node.name] as FieldValue | undefined);
    const memo = this.memo(this.values, this.valuesAt(chain));
    const known = memo.get(node.name);
    if (known !== undefined) return known === PENDING ? '' : known;
    memo.set(node.name, PENDING);
    const result = evaluate(this.index.expression(node.calculation), this.scope(flat, chain));
    memo.set(node.name, result);
    return result;
  }

  instances(repeat: RepeatNode, chain: readonly Frame[]): readonly RepeatInstance[] {
    const list = this.valuesAt(chain)[repeat.name];
    return Array.isArray(list) ? (list as readonly RepeatInstance[]) : [];
  }

  /** The expression scope of `flat` in the instance `chain` ends at. */
  scope(flat: FlatNode, chain: readonly Frame[], self?: () => Value): Scope {
    return {
      clock: this.clock,
      self: self ?? (() => this.value(flat, chain)),
      position: () => (chain.at(-1)?.index ?? -1) + 1,
      resolve: (name) => {
        const target = this.index.nodes.get(name);
        if (!target) return '';
        let common = 0;
        while (common < chain.length && target.repeats[common] === chain[common]?.repeat) common++;
        return this.collect(target, chain.slice(0, common));
      },
    };
  }

  /** The value of `target` under `chain`: one value at its own level, a node-set when it is in deeper repeats. */
  private collect(target: FlatNode, chain: readonly Frame[]): Value {
    if (chain.length === target.repeats.length) return this.value(target, chain);
    const repeat = target.repeats[chain.length] as RepeatNode;
    const out: Value[] = [];
    this.instances(repeat, chain).forEach((instance, index) => {
      const inner = this.collect(target, [...chain, { repeat, instance, index }]);
      if (Array.isArray(inner)) out.push(...inner);
      else out.push(inner);
    });
    return out;
  }

  private memo<T>(map: WeakMap<object, Map<string, T>>, key: object): Map<string, T> {
    let memo = map.get(key);
    if (!memo) {
      memo = new Map();
      map.set(key, memo);
    }
    return memo;
  }
}
