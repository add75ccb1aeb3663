/** A corpus of malformed tables, one per diagnostic code: each asserts line, columns and code. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DIAGNOSTIC_CODES,
  formatDiagnostic,
  type Diagnostic,
} from '../../../../src/core/data/diagnostics.ts';
import { loadDataset } from '../../../../src/core/data/load.ts';
import { resolveDataOptions, type DataOptions } from '../../../../src/core/data/options.ts';

const H = 'condition,aa_substitutions,func_score';

interface Case {
  code: keyof typeof DIAGNOSTIC_CODES;
  text: string;
  /** The file's bytes when they are not the text's UTF-8 (read from a file, not from text). */
  bytes?: Buffer;
  options?: Partial<DataOptions>;
  /** Expected line, [start, end) and a fragment of the message. */
  line: number;
  start: number;
  end: number;
  message: RegExp;
  relatedLine?: number;
  name?: string;
  /** Read from a path that does not exist, or from a folder, instead of the text. */
  path?: 'missing' | 'folder';
  /** Read for a fit (the checks of fitReadiness.ts). */
  forFit?: boolean;
}

const corpus: Case[] = [
  {
    code: 'unreadable-file',
    text: '',
    path: 'missing',
    line: 1,
    start: 0,
    end: 0,
    message: /cannot read the file: no such file/,
  },
  {
    name: 'a folder',
    code: 'unreadable-file',
    text: '',
    path: 'folder',
    line: 1,
    start: 0,
    end: 0,
    message: /a folder, not a table/,
  },
  { code: 'empty-file', text: '', line: 1, start: 0, end: 0, message: /empty/ },
  { code: 'no-data-rows', text: `${H}\n`, line: 1, start: 0, end: 0, message: /no data rows/ },
  {
    code: 'missing-column',
    text: 'condition,aa_substitutions\na,M1E\n',
    line: 1,
    start: 0,
    end: 26,
    message: /required column 'func_score' is missing/,
  },
  {
    code: 'duplicate-column',
    text: 'condition,func_score,aa_substitutions,func_score\na,1,M1E,2\n',
    line: 1,
    start: 38,
    end: 48,
    message: /'func_score' appears twice/,
  },
  {
    code: 'field-count',
    text: `${H}\na,M1E,1.0\na,M1E,1.0,\n`,
    line: 3,
    start: 0,
    end: 10,
    message: /expected 3 fields.*found 4/,
  },
  {
    code: 'condition-empty',
    text: `${H}\n,M1E,1.0\n`,
    line: 2,
    start: 0,
    end: 0,
    message: /condition is empty/,
  },
  { code: 'score-empty', text: `${H}\na,M1E,\n`, line: 2, start: 6, end: 6, message: /func_score is empty/ },
  {
    code: 'score-not-numeric',
    text: `${H}\na,M1E,1.0\na,M1E,0x1F\n`,
    line: 3,
    start: 6,
    end: 10,
    message: /'0x1F' is not a number/,
  },
  { code: 'score-not-finite', text: `${H}\na,M1E,-inf\n`, line: 2, start: 6, end: 10, message: /'-inf'/ },
  {
    code: 'score-not-finite',
    name: 'score-overflow',
    text: `${H}\na,M1E,-1e400\n`,
    line: 2,
    start: 6,
    end: 12,
    message: /'-1e400' is beyond the largest double/,
  },
  {
    code: 'score-out-of-range',
    text: `${H}\na,M1E,99\n`,
    line: 2,
    start: 6,
    end: 8,
    message: /outside the typical range/,
  },
  {
    code: 'variance-invalid',
    text: 'condition,aa_substitutions,func_score,func_score_var\na,M1E,1,-0.5\n',
    line: 2,
    start: 8,
    end: 12,
    message: /not a non-negative number/,
  },
  {
    code: 'token-malformed',
    text: `${H}\na,M1E X,1.0\n`,
    line: 2,
    start: 6,
    end: 7,
    message: /malformed substitution 'X'/,
  },
  {
    name: 'letter-suffixed site without the option',
    code: 'token-malformed',
    text: `${H}\na,K100aE,1.0\n`,
    line: 2,
    start: 2,
    end: 8,
    message: /letter suffix; enable letter-suffixed sites/,
  },
  {
    code: 'letter-not-in-alphabet',
    text: `${H}\na,M1B,1.0\n`,
    line: 2,
    start: 2,
    end: 5,
    message: /'B' is not an amino-acid letter/,
  },
  {
    name: 'stop codon with an alphabet without stops',
    code: 'letter-not-in-alphabet',
    text: `${H}\na,M1*,1.0\n`,
    options: { alphabet: 'aa' },
    line: 2,
    start: 2,
    end: 5,
    message: /stop '\*' is not in alphabet 'aa'/,
  },
  {
    code: 'synonymous',
    text: `${H}\na,M1M,1.0\n`,
    line: 2,
    start: 2,
    end: 5,
    message: /same wildtype and mutant/,
  },
  {
    code: 'duplicate-site',
    text: `${H}\na,M1E  M1W,1.0\n`,
    line: 2,
    start: 7,
    end: 10,
    message: /two substitutions at site 1.*'M1E' and 'M1W'/,
  },
  {
    code: 'wildtype-conflict',
    text: `${H}\na,M1E,1\nb,K1E,1\na,G3R K1E,1\n`,
    line: 4,
    start: 6,
    end: 9,
    relatedLine: 2,
    message: /site 1 is 'K' here but 'M' at line 2 \(condition 'a'\)/,
  },
  {
    code: 'unknown-reference',
    text: `${H}\na,M1E,1\n`,
    options: { reference: 'zz' },
    line: 1,
    start: 0,
    end: 0,
    message: /'zz' is not in the data \(conditions: a\)/,
  },
  {
    code: 'nothing-to-fit',
    text: `${H}\na,,1\na,,0.5\nb,,0.2\n`,
    forFit: true,
    line: 1,
    start: 0,
    end: 0,
    message: /every variant is wildtype/,
  },
  {
    name: 'one score everywhere',
    code: 'nothing-to-fit',
    text: `${H}\na,,1\na,M1E,1\nb,G3R,1\n`,
    forFit: true,
    line: 1,
    start: 0,
    end: 0,
    message: /the functional score is 1 in every row/,
  },
  {
    code: 'constant-scores',
    text: `${H}\na,,1\na,M1E,-1\nb,,0.5\nb,G3R,0.5\n`,
    forFit: true,
    line: 1,
    start: 0,
    end: 0,
    message: /condition 'b': every functional score is 0.5/,
  },
  {
    code: 'one-condition',
    text: `${H}\na,,1\na,M1E,-1\n`,
    forFit: true,
    line: 1,
    start: 0,
    end: 0,
    message: /one condition only \('a'\): there are no shifts to estimate/,
  },
  {
    code: 'name-spelling',
    text: `${H}\nB,M1E,1\n B ,G3R,1\n`,
    line: 3,
    start: 0,
    end: 3,
    relatedLine: 2,
    message: /condition " B " is read as 'B', like "B" at line 2: edge spaces are ignored/,
  },
  {
    code: 'similar-names',
    text: `${H}\nDelta,M1E,1\ndelta,G3R,1\n`,
    line: 3,
    start: 0,
    end: 5,
    relatedLine: 2,
    message: /'delta' differs from 'Delta' \(at line 2\) only by case: they are fitted as two conditions/,
  },
  {
    name: 'a Cyrillic letter drawn like a Latin one',
    code: 'similar-names',
    text: `${H}\nBA.2,M1E,1\nB\u0410.2,G3R,1\n`,
    line: 3,
    start: 0,
    end: 4,
    message: /only by look-alike letters/,
  },
  {
    code: 'text-encoding',
    text: '',
    bytes: Buffer.from(`${H}\nCafé,M1E,1\n`, 'latin1'),
    line: 2,
    start: 3,
    end: 4,
    message: /byte 0xE9 at line 2, column 4 is not UTF-8/,
  },
  {
    code: 'line-endings',
    text: '',
    bytes: Buffer.from(`${H}\ra,M1E,1\r`),
    line: 1,
    start: 0,
    end: 0,
    message: /CR alone/,
  },
  {
    name: 'positions inside a quoted field',
    code: 'letter-not-in-alphabet',
    text: `${H}\n"a","M1E\n G2J",1\n`,
    line: 3,
    start: 1,
    end: 4,
    message: /'J'/,
  },
];

async function diagnose(
  c: Pick<Case, 'text' | 'options' | 'bytes' | 'path' | 'forFit'>,
): Promise<Diagnostic[]> {
  let input: { path: string; text?: string } = { path: 't.csv', text: c.text };
  if (c.path) {
    const dir = mkdtempSync(join(tmpdir(), 'dmsfit-validate-'));
    input = { path: c.path === 'folder' ? dir : join(dir, 'absent.csv') };
  }
  if (c.bytes) {
    input = { path: join(mkdtempSync(join(tmpdir(), 'dmsfit-validate-')), 't.csv') };
    writeFileSync(input.path, c.bytes);
  }
  const loaded = await loadDataset([input], resolveDataOptions({ ...c.options }), {
    keepRows: false,
    forFit: c.forFit ?? false,
  });
  return loaded.diagnostics;
}

for (const c of corpus) {
  test(`diagnostic ${c.code}${c.name ? ` (${c.name})` : ''}`, async () => {
    const found = (await diagnose(c)).filter((d) => d.code === c.code);
    assert.equal(found.length, 1, `exactly one ${c.code}: ${JSON.stringify(found)}`);
    const d = found[0]!;
    assert.deepEqual(
      { line: d.line, start: d.start, end: d.end },
      { line: c.line, start: c.start, end: c.end },
    );
    assert.match(d.message, c.message);
    assert.equal(d.severity, DIAGNOSTIC_CODES[c.code][0]);
    if (c.relatedLine !== undefined) assert.equal(d.relatedLine, c.relatedLine);
  });
}

test('every diagnostic code of a data table except the cap note has a corpus case', () => {
  // Site numbering maps' own codes (site-number-*) have their cases in siteNumbering.test.ts.
  const covered = new Set<string>([...corpus.map((c) => c.code), 'too-many-problems']);
  const missing = Object.keys(DIAGNOSTIC_CODES).filter((k) => !covered.has(k) && !k.startsWith('site-'));
  assert.deepEqual(missing, []);
});

test('a clean table has no diagnostics and keeps every row', async () => {
  const loaded = await loadDataset(
    [{ path: 't.csv', text: `${H}\na,M1E,1\na,,0\nb,M1E G3P,-2.5e-1\n` }],
    resolveDataOptions(),
  );
  assert.deepEqual(loaded.diagnostics, []);
  assert.equal(loaded.table.rows, 3);
  assert.deepEqual(loaded.table.conditionNames, ['a', 'b']);
});

test('rows with errors are left out and listed; warnings keep the row', async () => {
  const loaded = await loadDataset(
    [{ path: 't.csv', text: `${H}\na,M1E,1\na,M1B,2\na,G3R,99\n` }],
    resolveDataOptions(),
  );
  assert.equal(loaded.table.rows, 2);
  assert.deepEqual(
    loaded.rejected.map((r) => [r.line, r.code, r.substitutions]),
    [[3, 'letter-not-in-alphabet', 'M1B']],
  );
});

test('diagnostics are capped per code with one note of how many more', async () => {
  const rows = Array.from({ length: 5 }, () => 'a,M1E,x').join('\n');
  const loaded = await loadDataset([{ path: 't.csv', text: `${H}\n${rows}\n` }], resolveDataOptions(), {
    maxDiagnosticsPerCode: 2,
  });
  assert.equal(loaded.diagnostics.filter((d) => d.code === 'score-not-numeric').length, 2);
  const note = loaded.diagnostics.find((d) => d.code === 'too-many-problems')!;
  assert.match(note.message, /3 more 'score-not-numeric' diagnostics not shown \(5 in all\)/);
  assert.equal(loaded.errors, 5);
});

test('files without a condition column take their condition and replicate from the dms-vep file name', async () => {
  const loaded = await loadDataset(
    [
      { path: 'x/Lib1-230614_high_ACE2_func_scores.csv', text: 'func_score,aa_substitutions\n1,M1E\n' },
      {
        path: 'x/other.csv',
        text: 'func_score,aa_substitutions\n1,M1E\n',
        condition: 'BA.2',
        replicate: '2',
      },
    ],
    resolveDataOptions(),
  );
  assert.deepEqual(loaded.table.conditionNames, ['high_ACE2', 'BA.2']);
  assert.deepEqual(loaded.table.replicateNames, ['Lib1', '2']);
});

test('formatDiagnostic gives file:line:col', () => {
  const d: Diagnostic = {
    file: 'a.csv',
    line: 3,
    start: 4,
    end: 6,
    severity: 'error',
    code: 'synonymous',
    message: 'm',
  };
  assert.equal(formatDiagnostic(d), 'a.csv:3:5: error synonymous: m');
});

test('before a fit of one condition the editor asks, naming the file(s) and the condition; several conditions pass', async () => {
  const { singleConditionWarning } = await import('../../../../src/core/data/fitReadiness.ts');
  assert.equal(singleConditionWarning(['Delta', 'BA.2'], ['a.csv', 'b.csv']), undefined);
  assert.match(
    singleConditionWarning(['high_ACE2'], ['Lib1_high.csv'])!,
    /^DMS Fit: Lib1_high\.csv holds one condition only \('high_ACE2'\): there are no shifts to estimate/,
  );
  assert.match(singleConditionWarning(['a'], ['x.csv', 'y.csv'])!, /these 2 files hold one condition only/);
});
