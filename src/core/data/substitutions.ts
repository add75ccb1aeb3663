/**
 * Scanner for `aa_substitutions` fields: space-separated tokens `<wt><site><mut>` such as
 * `M1E`, `Q506-`, `G-3*` or (with letter-suffixed sites) `K184aE`. It walks character codes
 * and writes into reusable typed arrays, so a million rows cost no per-token allocation.
 * An empty field is the wildtype.
 */
import { explainMissingLetter, letterIndex, type Alphabet } from './alphabet';
import { siteKey, siteLabel } from './sites';

export type SubstitutionProblemCode =
  'token-malformed' | 'letter-not-in-alphabet' | 'synonymous' | 'duplicate-site';

export interface SubstitutionProblem {
  code: SubstitutionProblemCode;
  /** Offsets of the offending token within the field. */
  start: number;
  end: number;
  message: string;
}

/** Tokens of the last scanned field (valid ones only), in input order. */
export class TokenScratch {
  count = 0;
  start = new Int32Array(16);
  end = new Int32Array(16);
  site = new Float64Array(16);
  wt = new Uint8Array(16);
  mut = new Uint8Array(16);

  push(start: number, end: number, site: number, wt: number, mut: number): void {
    if (this.count === this.start.length) this.grow();
    const i = this.count++;
    this.start[i] = start;
    this.end[i] = end;
    this.site[i] = site;
    this.wt[i] = wt;
    this.mut[i] = mut;
  }

  private grow(): void {
    const n = this.start.length * 2;
    const copy = <T extends Int32Array | Float64Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.start = copy(this.start, (k) => new Int32Array(k));
    this.end = copy(this.end, (k) => new Int32Array(k));
    this.site = copy(this.site, (k) => new Float64Array(k));
    this.wt = copy(this.wt, (k) => new Uint8Array(k));
    this.mut = copy(this.mut, (k) => new Uint8Array(k));
  }
}

const MAX_SITE = 2 ** 31;

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

function malformed(field: string, start: number, end: number, why: string): SubstitutionProblem {
  return {
    code: 'token-malformed',
    start,
    end,
    message: `malformed substitution '${field.slice(start, end)}': ${why}`,
  };
}

/**
 * Scans one field into `out` (cleared first). Malformed tokens are reported through `problem`
 * and left out; returns the number of problems found. Nothing is allocated for valid tokens.
 */
export function scanSubstitutions(
  field: string,
  abc: Alphabet,
  letterSuffixed: boolean,
  out: TokenScratch,
  problem: (p: SubstitutionProblem) => void,
): number {
  out.count = 0;
  let problems = 0;
  const n = field.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(field.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    // Fast path for the usual token (`M1E`, `G-3*`) in one walk; anything unusual, including
    // every error and insertion-letter sites, is left to the careful path below.
    {
      let j = i + 1;
      let c = j < n ? field.charCodeAt(j) : -1;
      const negative = c === 45;
      if (negative) c = ++j < n ? field.charCodeAt(j) : -1;
      const digitsFrom = j;
      let number = 0;
      while (c >= 48 && c <= 57) {
        number = number * 10 + (c - 48);
        c = ++j < n ? field.charCodeAt(j) : -1;
      }
      const wt = letterIndex(abc, field.charCodeAt(start));
      const mut = c < 0 ? -1 : letterIndex(abc, c);
      if (
        j > digitsFrom &&
        wt >= 0 &&
        mut >= 0 &&
        wt !== mut &&
        number < MAX_SITE &&
        (j + 1 === n || isSpace(field.charCodeAt(j + 1)))
      ) {
        const site = siteKey(negative ? -number : number, 0);
        let clash = false;
        for (let k = 0; k < out.count; k++) if (out.site[k] === site) clash = true;
        if (!clash) {
          out.push(start, j + 1, site, wt, mut);
          i = j + 1;
          continue;
        }
      }
    }
    while (i < n && !isSpace(field.charCodeAt(i))) i++;
    const end = i;
    if (end - start < 3) {
      problems++;
      problem(malformed(field, start, end, 'expected <wildtype><site><mutant>, e.g. M1E'));
      continue;
    }
    // Site: the characters between the first and the last: -?digits, then an optional a-z.
    let j = start + 1;
    const last = end - 1;
    let negative = false;
    if (field.charCodeAt(j) === 45 && j + 1 < last) {
      negative = true;
      j++;
    }
    let number = 0;
    const digitsFrom = j;
    while (j < last) {
      const c = field.charCodeAt(j);
      if (c < 48 || c > 57) break;
      number = number * 10 + (c - 48);
      j++;
    }
    let suffix = 0;
    if (j === last - 1 && j > digitsFrom) {
      const c = field.charCodeAt(j);
      if (c >= 97 && c <= 122) {
        if (!letterSuffixed) {
          problems++;
          const site = field.slice(start + 1, last);
          problem(
            malformed(
              field,
              start,
              end,
              `site '${site}' has a letter suffix; enable letter-suffixed sites to accept it`,
            ),
          );
          continue;
        }
        suffix = c;
        j++;
      }
    }
    if (j !== last || j === digitsFrom || number >= MAX_SITE) {
      problems++;
      problem(
        malformed(
          field,
          start,
          end,
          'expected <wildtype><site><mutant> with an integer site, e.g. M1E or A-3G',
        ),
      );
      continue;
    }
    const wtCode = field.charCodeAt(start);
    const mutCode = field.charCodeAt(last);
    const wt = letterIndex(abc, wtCode);
    const mut = letterIndex(abc, mutCode);
    if (wt < 0 || mut < 0) {
      problems++;
      const bad = String.fromCharCode(wt < 0 ? wtCode : mutCode);
      problem({
        code: 'letter-not-in-alphabet',
        start,
        end,
        message: `substitution '${field.slice(start, end)}': ${explainMissingLetter(abc, bad)}`,
      });
      continue;
    }
    if (wt === mut) {
      problems++;
      problem({
        code: 'synonymous',
        start,
        end,
        message: `substitution '${field.slice(start, end)}' has the same wildtype and mutant (synonymous tokens are not allowed)`,
      });
      continue;
    }
    const site = siteKey(negative ? -number : number, suffix);
    let clash = -1;
    for (let k = 0; k < out.count; k++) {
      if (out.site[k] === site) {
        clash = k;
        break;
      }
    }
    if (clash >= 0) {
      problems++;
      const other = field.slice(out.start[clash]!, out.end[clash]!);
      problem({
        code: 'duplicate-site',
        start,
        end,
        message: `two substitutions at site ${siteLabel(site)} in one variant ('${other}' and '${field.slice(start, end)}')`,
      });
      continue;
    }
    out.push(start, end, site, wt, mut);
  }
  return problems;
}
