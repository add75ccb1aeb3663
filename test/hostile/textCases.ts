/** Hostile inputs, part 1: encodings, line endings, table structure and cell values (validate). */
import { diag, GOOD, H, utf16be, utf16le, validate, warn, type HostileCase } from './kit';

export const TEXT_CASES: HostileCase[] = [
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
];
