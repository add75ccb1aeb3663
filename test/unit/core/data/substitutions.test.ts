/**
 * scanSubstitutions against an independent oracle (regular expressions over the split field)
 * on random fields mixing valid tokens with every kind of defect.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alphabet } from '../../../../src/core/data/alphabet.ts';
import { siteKey } from '../../../../src/core/data/sites.ts';
import { scanSubstitutions, TokenScratch } from '../../../../src/core/data/substitutions.ts';
import { Random } from '../../../../src/core/random.ts';

interface Token {
  start: number;
  end: number;
  site: number;
  wt: number;
  mut: number;
}

function oracle(
  field: string,
  letters: string,
  letterSuffixed: boolean,
): { tokens: Token[]; problems: number } {
  const tokens: Token[] = [];
  let problems = 0;
  for (const m of field.matchAll(/[^ \t]+/g)) {
    const parts = /^(.)(-?\d+)([a-z]?)(.)$/.exec(m[0]);
    const wt = parts ? letters.indexOf(parts[1]!) : -1;
    const mut = parts ? letters.indexOf(parts[4]!) : -1;
    const number = parts ? Number(parts[2]) : NaN;
    const ok =
      parts !== null &&
      (letterSuffixed || parts[3] === '') &&
      Math.abs(number) < 2 ** 31 &&
      wt >= 0 &&
      mut >= 0 &&
      wt !== mut;
    const site = ok ? siteKey(number, parts![3] ? parts![3].charCodeAt(0) : 0) : NaN;
    if (!ok || tokens.some((t) => t.site === site)) problems++;
    else tokens.push({ start: m.index, end: m.index + m[0].length, site, wt, mut });
  }
  return { tokens, problems };
}

test('tokens and problems match the oracle on random fields', () => {
  const rng = new Random(31);
  const letters = alphabet().letters;
  const pieces = [
    'M',
    'E',
    '*',
    '-',
    'x',
    'a',
    'Q',
    '1',
    '5',
    '0',
    '12',
    '999',
    '-',
    ' ',
    '\t',
    '  ',
    '3a',
    'b',
  ];
  const out = new TokenScratch();
  for (const letterSuffixed of [false, true]) {
    const abc = alphabet();
    for (let k = 0; k < 20_000; k++) {
      let field = '';
      const tokens = rng.int(5);
      for (let t = 0; t < tokens; t++) {
        if (rng.int(3) > 0) {
          // A well-formed token, possibly with a suffix, a negative site or a repeated site.
          const number =
            rng.int(50) === 0 ? rng.pick(['2147483647', '2147483648', '99999999999']) : rng.int(30);
          const site = `${rng.int(4) === 0 ? '-' : ''}${number}${rng.int(6) === 0 ? 'c' : ''}`;
          field += `${rng.pick([...letters])}${site}${rng.pick([...letters])}`;
        } else {
          const n = 1 + rng.int(5);
          for (let p = 0; p < n; p++) field += rng.pick(pieces);
        }
        field += rng.pick([' ', ' ', '  ', '\t']);
      }
      if (rng.int(2) === 0) field = field.trimEnd();
      const problems = scanSubstitutions(field, abc, letterSuffixed, out, () => {});
      const want = oracle(field, letters, letterSuffixed);
      const got: Token[] = [];
      for (let i = 0; i < out.count; i++)
        got.push({
          start: out.start[i]!,
          end: out.end[i]!,
          site: out.site[i]!,
          wt: out.wt[i]!,
          mut: out.mut[i]!,
        });
      assert.deepEqual({ tokens: got, problems }, want, JSON.stringify(field));
    }
  }
});
