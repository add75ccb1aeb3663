/** parseDecimal against an independent oracle: a regular expression for the grammar, then Number(). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDecimal } from '../../../../src/core/data/decimal.ts';
import { Random } from '../../../../src/core/random.ts';

const GRAMMAR = /^ *[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)? *$/;
const oracle = (s: string): number => (GRAMMAR.test(s) ? Number(s) : NaN);

test('parseDecimal accepts what pandas reads as a number and rejects JavaScript-only forms', () => {
  for (const s of ['1', '-2.5', '+3.', '.5', '1e-3', '2E+10', ' 4 ', '-0', '007', '1.e5'])
    assert.ok(!Number.isNaN(parseDecimal(s)), s);
  for (const s of [
    '',
    ' ',
    '-',
    '.',
    '1e',
    '0x1F',
    '0b1',
    '0o7',
    'Infinity',
    'NaN',
    '1,5',
    '1 2',
    'e5',
    '\t1',
    '+-1',
    '1e+',
  ])
    assert.ok(Number.isNaN(parseDecimal(s)), s);
  assert.ok(Object.is(parseDecimal('-0'), -0));
  assert.ok(Object.is(parseDecimal('-0.000'), -0));
  assert.equal(parseDecimal('1e400'), Infinity);
});

test("parseDecimal gives exactly Number()'s double on the fast path and past it", () => {
  // Worst cases for a naive parser: 15–17 significant digits, powers of ten at the edge of the
  // fast path (10^±22), integers just below and above 2^53, long fractions, huge exponents.
  const fixed = [
    '9007199254740991',
    '9007199254740992',
    '9007199254740993',
    '90071992547409921',
    '0.1',
    '0.3',
    '123456789012345678901234567890',
    '1e22',
    '1e23',
    '1e-22',
    '1e-23',
    '4.9e-324',
    '2.2250738585072014e-308',
    '1.7976931348623157e308',
    '0.000000000000000000000000000001',
    '3.141592653589793238462643383279',
    '8.98846567431158e307',
    '5e-324',
    '1e-400',
    '17976931348623159e292',
  ];
  for (const s of fixed)
    for (const t of [s, `-${s}`, ` +${s} `]) assert.ok(Object.is(parseDecimal(t), oracle(t)), t);

  const rng = new Random(20261123);
  const digits = (n: number) => Array.from({ length: n }, () => String(rng.int(10))).join('');
  const pick = (xs: string[]) => rng.pick(xs);
  let fast = 0;
  for (let k = 0; k < 200_000; k++) {
    const int = digits(rng.int(19));
    const frac = rng.int(3) === 0 ? '' : `.${digits(rng.int(19))}`;
    const exp = rng.int(3) === 0 ? `${pick(['e', 'E'])}${pick(['', '+', '-'])}${digits(1 + rng.int(3))}` : '';
    let s = `${pick(['', '', '-', '+'])}${int}${frac}${exp}`;
    if (rng.int(20) === 0) s = ` ${s}  `;
    if (rng.int(50) === 0) s = s.slice(0, rng.int(s.length + 1)) + pick(['x', ' ', '.', 'e', '-']);
    const want = oracle(s);
    const got = parseDecimal(s);
    if (!Object.is(got, want)) assert.fail(`'${s}': parseDecimal ${got}, Number ${want}`);
    if (int.length + frac.length < 16 && !Number.isNaN(want)) fast++;
  }
  assert.ok(fast > 50_000, `only ${fast} strings on the fast path`);
});
