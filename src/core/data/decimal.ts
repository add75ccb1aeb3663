/**
 * Strict decimal numbers, checked and converted in one walk over the characters.
 *
 * What is accepted is what pandas reads as a float, minus nan/inf: optional sign, digits with an
 * optional point, optional exponent; surrounding spaces allowed. The hex, binary and octal forms
 * JavaScript's Number() would take are rejected.
 *
 * Why not a check followed by Number(): scores are two of a table's four cells, and converting
 * each twice (once to check, once by Number) was a fifth of validation time. The value is the
 * correctly rounded double, identical to Number()'s: while the digits form an integer below 2^53
 * and the power of ten is at most 10^22, both are exact doubles and one multiplication or
 * division rounds once (Clinger's fast path); anything longer is handed to Number().
 */

/** 10^0 … 10^22: every one an exact double. */
const POW10 = Float64Array.from({ length: 23 }, (_, k) => 10 ** k);
const EXACT_INTEGER_LIMIT = 2 ** 53;

/** The number written in `s`, or NaN when `s` is not a strict decimal (see above). */
export function parseDecimal(s: string): number {
  let i = 0;
  let n = s.length;
  while (i < n && s.charCodeAt(i) === 32) i++;
  while (n > i && s.charCodeAt(n - 1) === 32) n--;
  const begin = i;
  let negative = false;
  // Reading past the end gives -1, not charCodeAt's NaN: V8 keeps the loop on small integers.
  let c = i < n ? s.charCodeAt(i) : -1;
  if (c === 43 || c === 45) {
    negative = c === 45;
    c = ++i < n ? s.charCodeAt(i) : -1;
  }
  // The digits as one integer; exact while it stays below 2^53, and it only grows, so a value
  // that ends below the limit never rounded on the way.
  let digits = 0;
  let mantissa = 0;
  while (c >= 48 && c <= 57) {
    mantissa = mantissa * 10 + (c - 48);
    digits++;
    c = ++i < n ? s.charCodeAt(i) : -1;
  }
  let exponent = 0;
  if (c === 46) {
    c = ++i < n ? s.charCodeAt(i) : -1;
    while (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      exponent--;
      c = ++i < n ? s.charCodeAt(i) : -1;
    }
  }
  if (digits === 0) return NaN;
  if (c === 101 || c === 69) {
    c = ++i < n ? s.charCodeAt(i) : -1;
    let sign = 1;
    if (c === 43 || c === 45) {
      sign = c === 45 ? -1 : 1;
      c = ++i < n ? s.charCodeAt(i) : -1;
    }
    const from = i;
    let written = 0;
    while (c >= 48 && c <= 57) {
      written = written * 10 + (c - 48);
      c = ++i < n ? s.charCodeAt(i) : -1;
    }
    if (i === from) return NaN;
    exponent += sign * written;
  }
  if (i !== n) return NaN;
  let value: number;
  if (mantissa < EXACT_INTEGER_LIMIT && exponent >= -22 && exponent <= 22)
    value = exponent < 0 ? mantissa / POW10[-exponent]! : mantissa * POW10[exponent]!;
  else return Number(s.slice(begin, n));
  return negative ? -value : value;
}
