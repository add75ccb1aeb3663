/** Hostile inputs, part 2: names, data with nothing to fit, output paths and models (fit, prepare, predict, spectrum, report). */
import { hostname } from 'node:os';
import { FITTED_MODEL, GOOD, H, validate, warn, type HostileCase } from './kit';

export const FILE_CASES: HostileCase[] = [
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
    name: 'prepare -o under a file',
    files: { 't.csv': GOOD, plain: 'x' },
    args: ['prepare', 't.csv', '-r', 'A', '-o', 'plain/out'],
    expect: { exit: 1, stderr: /cannot make its folder plain/ },
  },
  {
    name: 'spectrum -o under a file',
    files: { 'model.json': FITTED_MODEL, plain: 'x' },
    args: ['spectrum', '-m', 'model.json', '-s', '1,3', '-o', 'plain/out'],
    expect: { exit: 1, stderr: /cannot make its folder plain/ },
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
