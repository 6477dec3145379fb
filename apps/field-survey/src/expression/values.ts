/**
 * XPath 1.0 value rules as ODK applies them: a value is a string, a number, a boolean or a node-set (a list of
 * the values of a field across repeat instances). A missing value is the empty string.
 */
export type Value = string | number | boolean | readonly Value[];

const DATE = /^(\d{4})-(\d{2})-(\d{2})/;
const MS_PER_DAY = 86_400_000;

/** Number of a value: dates (`YYYY-MM-DD`) count days since 1970-01-01, as ODK does; anything else is NaN. */
export function toNumber(value: Value): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value !== 'string') return value.length === 0 ? Number.NaN : toNumber(value[0] as Value);
  const text = value.trim();
  if (text === '') return Number.NaN;
  const date = DATE.exec(text);
  if (date && text.length <= 10) {
    const [, year, month, day] = date.map(Number) as [number, number, number, number];
    return Date.UTC(year, month - 1, day) / MS_PER_DAY;
  }
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : Number.NaN;
}

export function toText(value: Value): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (Number.isInteger(value)) return value.toFixed(0);
    return String(value);
  }
  return value.length === 0 ? '' : toText(value[0] as Value);
}

export function toBoolean(value: Value): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  return value.length > 0;
}

/** `YYYY-MM-DD` of a day count since 1970-01-01 (the inverse of `toNumber` on a date). */
export function daysToDate(days: number): string {
  return new Date(Math.floor(days) * MS_PER_DAY).toISOString().slice(0, 10);
}

/** XPath equality: node-sets match if any member matches; booleans, then numbers, win over strings. */
export function equals(a: Value, b: Value): boolean {
  if (Array.isArray(a)) return a.some((x) => equals(x, b));
  if (Array.isArray(b)) return b.some((x) => equals(a, x));
  if (typeof a === 'boolean' || typeof b === 'boolean') return toBoolean(a) === toBoolean(b);
  if (typeof a === 'number' || typeof b === 'number') return toNumber(a) === toNumber(b);
  return a === b;
}

/**
 * `<`, `<=`, `>`, `>=`. Two strings that are not numbers (ISO dates, times) compare as text, which orders
 * `YYYY-MM-DD` and `HH:MM` correctly; otherwise numbers compare (dates as day counts, so `${d} <= today()` works).
 */
export function compare(a: Value, b: Value, op: '<' | '<=' | '>' | '>='): boolean {
  if (Array.isArray(a)) return a.some((x) => compare(x, b, op));
  if (Array.isArray(b)) return b.some((x) => compare(a, x, op));
  let x: number | string = toNumber(a as Value);
  let y: number | string = toNumber(b as Value);
  if (typeof a === 'string' && typeof b === 'string' && Number.isNaN(x) && Number.isNaN(y)) {
    x = a;
    y = b;
  }
  if (typeof x === 'string' && (a === '' || b === '')) return false;
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
  }
}
