import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExpressionError } from '../errors.ts';
import { evaluate, MAX_EXPRESSION_LENGTH, parseExpression, type Scope, type Value } from './index.ts';

const clock = { now: () => new Date(2026, 11, 1, 10, 30) };

function run(text: string, fields: Record<string, Value> = {}, self: Value = '', position = 0): Value {
  const scope: Scope = { resolve: (n) => fields[n] ?? '', self: () => self, position: () => position, clock };
  return evaluate(parseExpression(text), scope);
}

function refused(text: string, code: string): void {
  assert.throws(
    () => parseExpression(text),
    (error: unknown) => error instanceof ExpressionError && error.code === code,
    `${text.slice(0, 40)} should be refused with ${code}`,
  );
}

describe('expressions: arithmetic, comparison and logic', () => {
  it('follows XPath precedence and operators', () => {
    assert.equal(run('1 + 2 * 3'), 7);
    assert.equal(run('(1 + 2) * 3'), 9);
    assert.equal(run('10 div 4'), 2.5);
    assert.equal(run('10 mod 4'), 2);
    assert.equal(run('-3 + 5'), 2);
    assert.equal(run('2 - -2'), 4);
    assert.equal(run('1 < 2 and 3 >= 3 or 0'), true);
    assert.equal(run('1 = 1 and 1 != 2'), true);
    assert.equal(run('not(1 > 2)'), true);
  });

  it('compares strings, numbers, dates and times as ODK does', () => {
    assert.equal(run("${a} = 'x'", { a: 'x' }), true);
    assert.equal(run('${n} = 12', { n: '12' }), true, 'a numeric string equals the number');
    assert.equal(run('${n} > 9', { n: '12' }), true, 'numeric, not text, comparison');
    assert.equal(run('${d} <= today()', { d: '2026-11-30' }), true);
    assert.equal(run('${d} <= today()', { d: '2026-12-02' }), false);
    assert.equal(run('today() - ${d}', { d: '2026-11-21' }), 10, 'dates subtract as days');
    assert.equal(run("${t} < '12:00'", { t: '09:15' }), true);
    assert.equal(run('${missing} > 3'), false, 'an empty value compares false');
    assert.equal(run('${missing} = ""'), true);
  });

  it('treats . as the current value and position(..) as the repeat position', () => {
    assert.equal(run('. >= 18 and . <= 120', {}, 30), true);
    assert.equal(run('. >= 18 and . <= 120', {}, 12), false);
    assert.equal(run('position(..)', {}, '', 3), 3);
    assert.equal(run('string-length(.)', {}, 'hello'), 5);
  });
});

describe('expressions: functions', () => {
  it('selected, count-selected, selected-at on space-separated choices', () => {
    const f = { needs: 'food water' };
    assert.equal(run("selected(${needs}, 'water')", f), true);
    assert.equal(run("selected(${needs}, 'wat')", f), false);
    assert.equal(run('count-selected(${needs})', f), 2);
    assert.equal(run('selected-at(${needs}, 1)', f), 'water');
    assert.equal(run('count-selected(${none})'), 0);
  });

  it('text functions', () => {
    assert.equal(run("concat('a', 1, 'b')"), 'a1b');
    assert.equal(run("string-length('abc')"), 3);
    assert.equal(run("regex('WP-0042', '^WP-[0-9]{4}$')"), true);
    assert.equal(run("regex('WP-42', '^WP-[0-9]{4}$')"), false);
    assert.equal(run("contains('abc', 'b') and starts-with('abc', 'a') and ends-with('abc', 'c')"), true);
    assert.equal(run("substr('abcdef', 1, 3)"), 'bc');
    assert.equal(run("normalize-space('  a   b ')"), 'a b');
    assert.equal(run("join(', ', ${m})", { m: ['x', 'y'] }), 'x, y');
  });

  it('numbers: number, int, round (half away from zero), floor, ceiling, abs, pow', () => {
    assert.equal(run("number('12.5') + 1"), 13.5);
    assert.ok(Number.isNaN(run("number('abc')") as number));
    assert.equal(run('int(7.9)'), 7);
    assert.equal(run('int(-7.9)'), -7);
    assert.equal(run('round(2.5)'), 3);
    assert.equal(run('round(-2.5)'), -3);
    assert.equal(run('round(3.14159, 2)'), 3.14);
    assert.equal(run('floor(2.7) + ceiling(2.1) + abs(-1) + pow(2, 3)'), 2 + 3 + 1 + 8);
  });

  it('if, coalesce, today, now, date, boolean, string', () => {
    assert.equal(run("if(${a} > 1, 'big', 'small')", { a: 5 }), 'big');
    assert.equal(run("if(${a} > 1, 'big', 'small')", { a: 0 }), 'small');
    assert.equal(run("coalesce(${a}, 'fallback')"), 'fallback');
    assert.equal(run("coalesce(${a}, 'fallback')", { a: 'x' }), 'x');
    assert.equal(run('today()'), '2026-12-01');
    assert.match(run('now()') as string, /^2026-12-01T/);
    assert.equal(run('date(today() + 1)'), '2026-12-02');
    assert.equal(run("boolean('') or boolean(0)"), false);
    assert.equal(run('string(3)'), '3');
    assert.equal(run('true() and not(false())'), true);
  });

  it('node-sets: count, sum, min, max across repeat values', () => {
    const f = { ages: [30, 4, '12'] };
    assert.equal(run('count(${ages})', f), 3);
    assert.equal(run('sum(${ages})', f), 46);
    assert.equal(run('min(${ages})', f), 4);
    assert.equal(run('max(${ages})', f), 30);
    assert.equal(run('${ages} = 4', f), true, 'node-set equality is existential');
  });
});

describe('expressions: refusals are typed and bounded', () => {
  it('refuses syntax errors with the offset', () => {
    refused('1 +', 'expression-syntax');
    refused('(1', 'expression-syntax');
    refused('${a', 'expression-syntax');
    refused('${1a}', 'expression-syntax');
    refused("'open", 'expression-syntax');
    refused('1 2', 'expression-syntax');
    refused('age > 3', 'expression-syntax');
    refused('', 'expression-syntax');
    refused('#', 'expression-syntax');
    try {
      parseExpression('1 + )');
      assert.fail('accepted');
    } catch (error) {
      assert.equal((error as ExpressionError).position, 4);
    }
  });

  it('refuses unknown functions and wrong arity', () => {
    refused('pulldata("a", "b", "c", "d")', 'expression-unknown-function');
    refused('once(1)', 'expression-unknown-function');
    refused('if(1, 2)', 'expression-arity');
    refused('today(1)', 'expression-arity');
  });

  it('bounds length and depth before doing work', () => {
    refused('1+'.repeat(MAX_EXPRESSION_LENGTH), 'expression-too-long');
    refused(`${'('.repeat(40)}1${')'.repeat(40)}`, 'expression-too-deep');
    refused(`${'not('.repeat(40)}1${')'.repeat(40)}`, 'expression-too-deep');
    refused(`${'-'.repeat(40)}1`, 'expression-too-deep');
    refused(Array.from({ length: 200 }, () => '1').join('+'), 'expression-too-deep');
    assert.equal(run(Array.from({ length: 100 }, () => '1').join('+')), 100);
  });

  it('reports a regex that does not compile as a typed error', () => {
    assert.throws(
      () => run("regex('a', '(')"),
      (e: unknown) => e instanceof ExpressionError && e.code === 'expression-invalid-regex',
    );
  });
});
