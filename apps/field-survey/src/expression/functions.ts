/**
 * The functions of the supported expression subset (ODK XForms functions used in XLSForms), with their arity.
 * `if`, `position`, `coalesce` and the node-set functions get special treatment in `evaluate.ts`; the others
 * take evaluated arguments.
 */
import { daysToDate, toBoolean, toNumber, toText, type Value } from './values.ts';

export interface FunctionSpec {
  readonly min: number;
  readonly max: number;
  /** Pure functions of their evaluated arguments; absent for those `evaluate.ts` handles itself. */
  readonly apply?: (args: readonly Value[], clock: Clock) => Value;
}

/** Time source of `today()` and `now()`, injected so tests and replays are deterministic. */
export interface Clock {
  now(): Date;
}

const list = (value: Value) =>
  toText(value)
    .split(/\s+/)
    .filter((s) => s !== '');
const nodes = (value: Value): readonly Value[] => (Array.isArray(value) ? value : [value]);
const numbers = (args: readonly Value[]) =>
  args
    .flatMap(nodes)
    .filter((v) => v !== '')
    .map(toNumber);
/** ODK rounds half away from zero. */
const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  return (Math.sign(x) * Math.round(Math.abs(x) * f)) / f;
};
const pad = (n: number) => String(n).padStart(2, '0');
const localDate = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

export const FUNCTIONS: Readonly<Record<string, FunctionSpec>> = {
  if: { min: 3, max: 3 },
  position: { min: 0, max: 1 },
  coalesce: { min: 2, max: 2 },
  'string-length': { min: 0, max: 1 },
  count: { min: 1, max: 1, apply: ([a]) => nodes(a as Value).length },
  sum: { min: 1, max: 1, apply: (args) => numbers(args).reduce((s, x) => s + x, 0) },
  max: {
    min: 1,
    max: Infinity,
    apply: (args) => (numbers(args).length ? Math.max(...numbers(args)) : Number.NaN),
  },
  min: {
    min: 1,
    max: Infinity,
    apply: (args) => (numbers(args).length ? Math.min(...numbers(args)) : Number.NaN),
  },
  join: {
    min: 2,
    max: Infinity,
    apply: ([sep, ...rest]) =>
      rest
        .flatMap(nodes)
        .map(toText)
        .join(toText(sep as Value)),
  },
  selected: { min: 2, max: 2, apply: ([a, b]) => list(a as Value).includes(toText(b as Value).trim()) },
  'count-selected': { min: 1, max: 1, apply: ([a]) => list(a as Value).length },
  'selected-at': { min: 2, max: 2, apply: ([a, i]) => list(a as Value)[toNumber(i as Value)] ?? '' },
  regex: {
    min: 2,
    max: 2,
    apply: ([s, pattern]) => compileRegex(toText(pattern as Value)).test(toText(s as Value)),
  },
  concat: { min: 0, max: Infinity, apply: (args) => args.flatMap(nodes).map(toText).join('') },
  contains: { min: 2, max: 2, apply: ([a, b]) => toText(a as Value).includes(toText(b as Value)) },
  'starts-with': { min: 2, max: 2, apply: ([a, b]) => toText(a as Value).startsWith(toText(b as Value)) },
  'ends-with': { min: 2, max: 2, apply: ([a, b]) => toText(a as Value).endsWith(toText(b as Value)) },
  substr: {
    min: 2,
    max: 3,
    apply: ([s, start, end]) =>
      toText(s as Value).slice(toNumber(start as Value), end === undefined ? undefined : toNumber(end)),
  },
  'normalize-space': {
    min: 1,
    max: 1,
    apply: ([s]) =>
      toText(s as Value)
        .trim()
        .replace(/\s+/g, ' '),
  },
  today: { min: 0, max: 0, apply: (_, clock) => localDate(clock.now()) },
  now: { min: 0, max: 0, apply: (_, clock) => clock.now().toISOString() },
  date: {
    min: 1,
    max: 1,
    apply: ([a]) => (typeof a === 'number' ? daysToDate(a) : daysToDate(toNumber(a as Value))),
  },
  number: { min: 1, max: 1, apply: ([a]) => toNumber(a as Value) },
  int: { min: 1, max: 1, apply: ([a]) => Math.trunc(toNumber(a as Value)) },
  round: {
    min: 1,
    max: 2,
    apply: ([a, d]) => round(toNumber(a as Value), d === undefined ? 0 : toNumber(d)),
  },
  floor: { min: 1, max: 1, apply: ([a]) => Math.floor(toNumber(a as Value)) },
  ceiling: { min: 1, max: 1, apply: ([a]) => Math.ceil(toNumber(a as Value)) },
  abs: { min: 1, max: 1, apply: ([a]) => Math.abs(toNumber(a as Value)) },
  pow: { min: 2, max: 2, apply: ([a, b]) => toNumber(a as Value) ** toNumber(b as Value) },
  string: { min: 1, max: 1, apply: ([a]) => toText(a as Value) },
  boolean: { min: 1, max: 1, apply: ([a]) => toBoolean(a as Value) },
  not: { min: 1, max: 1, apply: ([a]) => !toBoolean(a as Value) },
  true: { min: 0, max: 0, apply: () => true },
  false: { min: 0, max: 0, apply: () => false },
};

/** Longest `regex()` pattern: patterns come from form authors, and are compiled once each. */
export const MAX_REGEX_LENGTH = 500;
const regexCache = new Map<string, RegExp>();

/** Compiles a `regex()` pattern (JavaScript syntax, which covers the XML Schema subset forms use). */
export function compileRegex(pattern: string): RegExp {
  let compiled = regexCache.get(pattern);
  if (compiled) return compiled;
  if (pattern.length > MAX_REGEX_LENGTH) throw new SyntaxError(`regex over ${MAX_REGEX_LENGTH} characters`);
  compiled = new RegExp(pattern);
  if (regexCache.size > 1000) regexCache.clear();
  regexCache.set(pattern, compiled);
  return compiled;
}
