/**
 * Hostile inputs (issue 24): files a careless user, another program or an attacker might hand
 * to dmsfit, each with the outcome it must have — an exit code, a diagnostic at a line and
 * column, a refusal, text that must or must not reach the terminal. The runner
 * (test/unit/core/data/hostileCorpus.test.ts) writes each case's files into a fresh folder, runs the
 * command there, and checks that no input file changed by a byte.
 */

export interface Expected {
  exit: 0 | 1 | 2 | 130;
  /** A diagnostic `dmsfit validate --json` must report for the case's first file. */
  diagnostic?: { code: string; line: number; column: number; message?: RegExp };
  /** Must match standard error (and standard output, for `stdout`). */
  stderr?: RegExp;
  stdout?: RegExp;
  /** Must not appear in standard output or error (raw control characters, whole long cells). */
  never?: RegExp;
  /** Paths (relative to the case's folder) that must exist afterwards, and that must not. */
  exists?: string[];
  absent?: string[];
}

export interface HostileCase {
  name: string;
  /** Files of the case (relative path → content); `model.json` may be the shared fitted model. */
  files: Record<string, string | Buffer | typeof FITTED_MODEL>;
  /** dmsfit arguments, run in the case's folder. */
  args: string[];
  expect: Expected;
}

/** Placeholder for a model.json fitted from GOOD by the runner (optionally edited). */
export const FITTED_MODEL = Symbol('fitted model');

export const H = 'condition,aa_substitutions,func_score';
export const GOOD = `${H}
A,,0.1
A,M1E,-1.2
A,G3R,-2.5
A,M1E G3R,-3.1
A,G3P,-0.6
B,,0.0
B,M1E,-1.0
B,G3R,-0.4
B,M1E G3R,-1.9
B,G3P,-0.2
`;
export const utf16le = (s: string) => Buffer.from(s, 'utf16le');
export const utf16be = (s: string) => Buffer.from(s, 'utf16le').swap16();
export const validate = (file = 't.csv') => ['validate', file];
export const diag = (code: string, line: number, column: number, message?: RegExp): Expected => ({
  exit: 1,
  diagnostic: { code, line, column, ...(message ? { message } : {}) },
});
export const warn = (code: string, line: number, column: number, message?: RegExp): Expected => ({
  exit: 0,
  diagnostic: { code, line, column, ...(message ? { message } : {}) },
});
