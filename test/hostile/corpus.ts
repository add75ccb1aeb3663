/**
 * Hostile inputs (issue 24): files a careless user, another program or an attacker might hand
 * to dmsfit, each with the outcome it must have — an exit code, a diagnostic at a line and
 * column, a refusal, text that must or must not reach the terminal. The runner
 * (test/unit/hostileCorpus.test.ts) writes each case's files into a fresh folder, runs the
 * command there, and checks that no input file changed by a byte.
 */
import { hostname } from 'node:os';

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

const H = 'condition,aa_substitutions,func_score';
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
const utf16le = (s: string) => Buffer.from(s, 'utf16le');
const utf16be = (s: string) => Buffer.from(s, 'utf16le').swap16();
const validate = (file = 't.csv') => ['validate', file];
const diag = (code: string, line: number, column: number, message?: RegExp): Expected => ({
  exit: 1,
  diagnostic: { code, line, column, ...(message ? { message } : {}) },
});
const warn = (code: string, line: number, column: number, message?: RegExp): Expected => ({
  exit: 0,
  diagnostic: { code, line, column, ...(message ? { message } : {}) },
});

export const CORPUS: HostileCase[] = [
  // Encodings and line endings.
  {
    name: 'UTF-16LE with BOM',
    files: { 't.csv': Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le(GOOD)]) },
    args: validate(),
    expect: diag('text-encoding', 1, 1, /UTF-16/),
  },
  {
    name: 'UTF-16BE with BOM',
    files: { 't.csv': Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(GOOD)]) },
    args: validate(),
    expect: diag('text-encoding', 1, 1, /UTF-16/),
  },
  {
    name: 'UTF-16LE without BOM',
    files: { 't.csv': utf16le(GOOD) },
    args: validate(),
    expect: diag('text-encoding', 1, 1, /UTF-16/),
  },
  {
    name: 'UTF-32LE with BOM',
    files: {
      't.csv': Buffer.concat([
        Buffer.from([0xff, 0xfe, 0, 0]),
        Buffer.from(GOOD.split('').flatMap((c) => [c.charCodeAt(0), 0, 0, 0])),
      ]),
    },
    args: validate(),
    expect: diag('text-encoding', 1, 1, /UTF-32/),
  },
  {
    name: 'Latin-1 é in a condition',
    files: { 't.csv': Buffer.from(`${H}\nA,M1E,1\nCafé,M1E,1\n`, 'latin1') },
    args: validate(),
    expect: diag('text-encoding', 3, 4, /0xE9.*Latin-1/),
  },
  {
    name: 'Windows-1252 curly quote',
    files: {
      't.csv': Buffer.concat([Buffer.from(`${H}\nA,M1E,1\nA,`), Buffer.from([0x93]), Buffer.from('G3R,1\n')]),
    },
    args: validate(),
    expect: diag('text-encoding', 3, 3, /0x93/),
  },
  {
    name: 'CR-only line endings',
    files: { 't.csv': GOOD.replace(/\n/g, '\r') },
    args: validate(),
    expect: diag('line-endings', 1, 1, /CR alone/),
  },
  {
    name: 'mixed CR and LF line endings',
    files: { 't.csv': GOOD.replace(/\n(B)/g, '\r$1') },
    args: validate(),
    expect: diag('line-endings', 6, 1, /mixed/),
  },
  {
    name: 'UTF-8 BOM and CRLF (fine)',
    files: { 't.csv': `\uFEFF${GOOD.replace(/\n/g, '\r\n')}` },
    args: validate(),
    expect: { exit: 0 },
  },
  // Structure.
  { name: 'empty file', files: { 't.csv': '' }, args: validate(), expect: diag('empty-file', 1, 1) },
  { name: 'header only', files: { 't.csv': `${H}\n` }, args: validate(), expect: warn('no-data-rows', 1, 1) },
  {
    name: 'no score column',
    files: { 't.csv': 'condition,aa_substitutions\nA,M1E\n' },
    args: validate(),
    expect: diag('missing-column', 1, 1, /func_score/),
  },
  {
    name: 'a column twice',
    files: { 't.csv': `${H},func_score\nA,M1E,1,2\n` },
    args: validate(),
    expect: diag('duplicate-column', 1, 39),
  },
  {
    name: 'a row with a field too many',
    files: { 't.csv': `${H}\nA,M1E,1\nA,G3R,1,9\n` },
    args: validate(),
    expect: diag('field-count', 3, 1, /found 4/),
  },
  {
    name: 'a row with a field too few',
    files: { 't.csv': `${H}\nA,M1E,1\nA,G3R\n` },
    args: validate(),
    expect: diag('field-count', 3, 1, /found 2/),
  },
  {
    name: 'a quote left open to the end of the file',
    files: { 't.csv': `${H}\nA,M1E,1\nA,"G3R,1\nA,M1W,2\n` },
    args: validate(),
    expect: { exit: 1, stdout: /t\.csv:3:/ },
  },
  {
    name: 'a line break inside quotes (fine; positions after it still right)',
    files: { 't.csv': `${H}\n"A","M1E\n G3R",1\nA,M1J,1\n` },
    args: validate(),
    expect: diag('letter-not-in-alphabet', 4, 3, /'J'/),
  },
  {
    name: 'a 200,000-character token',
    files: { 't.csv': `${H}\nA,M${'1'.repeat(200_000)}E,1\n` },
    args: validate(),
    expect: {
      exit: 1,
      diagnostic: { code: 'token-malformed', line: 2, column: 3 },
      stdout: /\(200,00\d characters\)/,
      never: /1{1000}/,
    },
  },
  {
    name: 'terminal escape sequences in a condition',
    files: { 't.csv': `${H}\n\u001b[31mA\u001b]0;pwned\u0007,M1E,1\n` },
    // The unknown reference's message lists the conditions: the name reaches the terminal escaped.
    args: ['fit', 't.csv', '-r', 'Z', '-o', 'out'],
    expect: { exit: 1, stderr: /\\u\{1b\}\[31mA/, never: new RegExp(String.fromCharCode(0x1b)) },
  },
  {
    name: 'a bidirectional override in a condition',
    files: { 't.csv': `${H}\nA\u202Egnp.exe,M1E,1\n` },
    args: ['fit', 't.csv', '-r', 'Z', '-o', 'out'],
    expect: { exit: 1, stderr: /\\u\{202e\}/, never: /\u202E/ },
  },
  // Values.
  {
    name: 'score NaN',
    files: { 't.csv': `${H}\nA,M1E,NaN\n` },
    args: validate(),
    expect: diag('score-not-finite', 2, 7),
  },
  {
    name: 'score Infinity',
    files: { 't.csv': `${H}\nA,M1E,Infinity\n` },
    args: validate(),
    expect: diag('score-not-finite', 2, 7),
  },
  {
    name: 'score beyond the largest double',
    files: { 't.csv': `${H}\nA,M1E,1e999\n` },
    args: validate(),
    expect: diag('score-not-finite', 2, 7, /largest double/),
  },
  {
    name: 'score with a decimal comma',
    files: { 't.csv': `${H}\nA,M1E,"1,5"\n` },
    args: validate(),
    expect: diag('score-not-numeric', 2, 7),
  },
  {
    name: 'empty score',
    files: { 't.csv': `${H}\nA,M1E,\n` },
    args: validate(),
    expect: diag('score-empty', 2, 7),
  },
  {
    name: 'empty condition',
    files: { 't.csv': `${H}\n,M1E,1\n` },
    args: validate(),
    expect: diag('condition-empty', 2, 1),
  },
  {
    name: 'a synonymous substitution',
    files: { 't.csv': `${H}\nA,M1M,1\n` },
    args: validate(),
    expect: diag('synonymous', 2, 3),
  },
  {
    name: 'a substitution with no mutant',
    files: { 't.csv': `${H}\nA,G3R M1,1\n` },
    args: validate(),
    expect: diag('token-malformed', 2, 7),
  },
  {
    name: 'a letter outside the alphabet',
    files: { 't.csv': `${H}\nA,M1J,1\n` },
    args: validate(),
    expect: diag('letter-not-in-alphabet', 2, 3),
  },
  {
    name: 'two substitutions at one site',
    files: { 't.csv': `${H}\nA,M1E M1W,1\n` },
    args: validate(),
    expect: diag('duplicate-site', 2, 7),
  },
  {
    name: 'a wildtype conflict',
    files: { 't.csv': `${H}\nA,M1E,1\nA,K1E,1\n` },
    args: validate(),
    expect: diag('wildtype-conflict', 3, 3),
  },
  // Names.
  {
    name: "one condition spelled ' B' and 'B '",
    files: { 't.csv': `${H}\nB,M1E,1\n B,G3R,2\nB ,M1W,3\n` },
    args: validate(),
    expect: warn('name-spelling', 3, 1, /edge spaces/),
  },
  {
    name: 'conditions differing only by case',
    files: { 't.csv': `${H}\nDelta,M1E,1\ndelta,G3R,2\n` },
    args: validate(),
    expect: warn('similar-names', 3, 1, /only by case/),
  },
  {
    name: 'a Cyrillic letter in a condition',
    files: { 't.csv': `${H}\nBA.2,M1E,1\nB\u0410.2,G3R,2\n` },
    args: validate(),
    expect: warn('similar-names', 3, 1, /look-alike/),
  },
  {
    name: 'conditions __proto__ and constructor, replicates toString and hasOwnProperty',
    files: {
      't.csv': `condition,replicate,aa_substitutions,func_score\n${GOOD.split('\n')
        .slice(1)
        .filter(Boolean)
        .flatMap((l) =>
          ['toString', 'hasOwnProperty'].map((r) =>
            l.replace(/^A,/, '__proto__,').replace(/^B,/, 'constructor,').replace(',', `,${r},`),
          ),
        )
        .join('\n')}\n`,
    },
    args: ['fit', 't.csv', '-r', '__proto__', '--replicate-column', 'replicate', '-o', 'out'],
    expect: {
      exit: 0,
      exists: [
        'out/replicate-toString/model.json',
        'out/replicate-hasOwnProperty/model.json',
        'out/collection.csv',
      ],
    },
  },
  {
    name: "replicates 'lib 1' and 'lib_1' (distinct folders)",
    files: {
      't.csv': `condition,replicate,aa_substitutions,func_score\n${GOOD.split('\n')
        .slice(1)
        .filter(Boolean)
        .flatMap((l) => ['lib 1', 'lib_1'].map((r) => l.replace(',', `,${r},`)))
        .join('\n')}\n`,
    },
    args: ['fit', 't.csv', '-r', 'A', '--replicate-column', 'replicate', '-o', 'out'],
    expect: { exit: 0, exists: ['out/replicate-lib_201/model.json', 'out/replicate-lib_5F1/model.json'] },
  },
  {
    name: "a condition named '../../evil' (plots stay inside the results)",
    files: { 'work/t.csv': GOOD.replace(/^B,/gm, '../../evil,') },
    args: ['fit', 'work/t.csv', '-r', 'A', '-o', 'work/out'],
    expect: { exit: 0, exists: ['work/out/model.json'], absent: ['evil', 'work/evil', '../evil'] },
  },
  // Data that give a fit nothing to learn.
  {
    name: 'only wildtype variants',
    files: { 't.csv': `${H}\nA,,1\nA,,0.4\nB,,0.2\n` },
    args: ['fit', 't.csv', '-r', 'A', '-o', 'out'],
    expect: { exit: 1, stderr: /nothing-to-fit: every variant is wildtype/, absent: ['out'] },
  },
  {
    name: 'one score everywhere',
    files: { 't.csv': GOOD.replace(/,-?[\d.]+$/gm, ',1') },
    args: ['fit', 't.csv', '-r', 'A', '-o', 'out'],
    expect: { exit: 1, stderr: /nothing-to-fit: the functional score is 1 in every row/, absent: ['out'] },
  },
  {
    name: 'a single condition',
    files: { 't.csv': GOOD.split('\nB,')[0] + '\n' },
    args: ['fit', 't.csv', '-r', 'A', '-o', 'out'],
    expect: { exit: 0, stderr: /one-condition: one condition only \('A'\)/, exists: ['out/model.json'] },
  },
  {
    name: 'a reference not in the data',
    files: { 't.csv': GOOD },
    args: ['fit', 't.csv', '-r', 'Z', '-o', 'out'],
    expect: { exit: 1, stderr: /'Z' is not in the data/, absent: ['out'] },
  },
  // Paths.
  {
    name: 'a missing input file',
    files: {},
    args: validate('absent.csv'),
    expect: { exit: 1, stdout: /absent\.csv:1:1: error unreadable-file: cannot read the file: no such file/ },
  },
  {
    name: 'a folder given as the input',
    files: { 'dir/x.txt': 'x' },
    args: ['fit', 'dir', '-r', 'A'],
    expect: { exit: 1, stderr: /a folder, not a table/ },
  },
  {
    name: 'fit -o onto its own input',
    files: { 't.csv': GOOD },
    args: ['fit', 't.csv', '-r', 'A', '-o', 't.csv'],
    expect: { exit: 1, stderr: /it is an input file/ },
  },
  {
    name: "fit -o onto a folder of the user's",
    files: { 't.csv': GOOD, 'notes/todo.txt': 'keep me' },
    args: ['fit', 't.csv', '-r', 'A', '-o', 'notes'],
    expect: { exit: 1, stderr: /not a DMS Fit results folder/ },
  },
  {
    name: 'fit -o onto an unrelated file',
    files: { 't.csv': GOOD, 'thesis.docx': 'chapter 1' },
    args: ['fit', 't.csv', '-r', 'A', '-o', 'thesis.docx'],
    expect: { exit: 1, stderr: /it is a file/ },
  },
  {
    name: 'fit -o under a file',
    files: { 't.csv': GOOD, plain: 'x' },
    args: ['fit', 't.csv', '-r', 'A', '-o', 'plain/out'],
    expect: { exit: 1, stderr: /plain/ },
  },
  {
    name: 'fit -o into a folder another live writer holds',
    files: {
      't.csv': GOOD,
      '.dmsfit-lock-out': JSON.stringify({
        pid: process.pid,
        host: hostname(),
        since: new Date().toISOString(),
        what: 'dmsfit fit',
        token: 't',
      }),
    },
    args: ['fit', 't.csv', '-r', 'A', '-o', 'out'],
    expect: { exit: 1, stderr: /out is being written by dmsfit fit/, absent: ['out'] },
  },
  {
    name: 'prepare -o onto its input',
    files: { 't.csv': GOOD },
    args: ['prepare', 't.csv', '-r', 'A', '-o', 't.csv'],
    expect: { exit: 1, stderr: /input file/ },
  },
  {
    name: 'report of a folder that is not results',
    files: { 'notes/todo.txt': 'x' },
    args: ['report', 'notes'],
    expect: { exit: 1, stderr: /holds no DMS Fit results/, absent: ['notes/report.html'] },
  },
  // Models.
  {
    name: 'predict -o onto its own table',
    files: { 't.csv': GOOD, 'model.json': FITTED_MODEL },
    args: ['predict', '-m', 'model.json', 't.csv', '-o', 't.csv'],
    expect: { exit: 1, stderr: /it is an input/ },
  },
  {
    name: 'predict a mutation the model has never seen',
    files: { 't.csv': `${H}\nA,M1K,0\n`, 'model.json': FITTED_MODEL },
    args: ['predict', '-m', 'model.json', 't.csv'],
    expect: { exit: 1, stderr: /line 2/ },
  },
  {
    name: 'model.json with 10⁸ hidden units',
    files: { 't.csv': GOOD, 'model.json': FITTED_MODEL },
    args: ['predict', '-m', 'model.json', 't.csv'],
    expect: { exit: 1, stderr: /hiddenUnits|<=1000/ },
  },
  {
    name: 'model.json whose reference is not a condition',
    files: { 't.csv': GOOD, 'model.json': FITTED_MODEL },
    args: ['predict', '-m', 'model.json', 't.csv'],
    expect: { exit: 1, stderr: /reference 'nowhere' is not among the conditions/ },
  },
  {
    name: 'model.json cut short',
    files: { 't.csv': GOOD, 'model.json': FITTED_MODEL },
    args: ['predict', '-m', 'model.json', 't.csv'],
    expect: { exit: 1, stderr: /cannot read model/ },
  },
  {
    name: 'spectrum -o onto its model',
    files: { 'model.json': FITTED_MODEL },
    args: ['spectrum', '-m', 'model.json', '-s', '1,3', '-o', 'model.json'],
    expect: { exit: 1, stderr: /model\.json/ },
  },
  {
    name: 'spectrum at a site the model lacks',
    files: { 'model.json': FITTED_MODEL },
    args: ['spectrum', '-m', 'model.json', '-s', '999'],
    expect: { exit: 1, stderr: /site 999 is not in the model/ },
  },
];

/** Edits of the fitted model per case (by name). */
export const MODEL_EDITS: Record<string, (model: Record<string, unknown>) => string> = {
  'model.json with 10⁸ hidden units': (m) =>
    JSON.stringify({ ...m, epistasis: { name: 'nn', hiddenUnits: 1e8 } }),
  'model.json whose reference is not a condition': (m) => JSON.stringify({ ...m, reference: 'nowhere' }),
  'model.json cut short': (m) => JSON.stringify(m).slice(0, 200),
};
