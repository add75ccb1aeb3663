/**
 * The dms-viz export of a real fit, as a user makes it: XBB.1.5 library 1 (high vs medium ACE2)
 * fitted by the CLI at the default settings, then `dmsfit dms-viz`. Both datasets (shifts and
 * β) must pass the format check written from configure_dms_viz (test/support/dmsVizSchema.ts),
 * and the check itself must catch what configure_dms_viz would refuse.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundles } from '../support/bundles.ts';
import { dmsVizProblems } from '../support/dmsVizSchema.ts';
import { shared } from './support.ts';

type Row = Record<string, string | number>;
type Experiment = Record<string, unknown> & { mut_metric_df: Row[] };

test('a default XBB.1.5 fit exported for dms-viz passes the format check, R498G the strongest shift', async (t) => {
  const { cli } = await bundles();
  const dir = mkdtempSync(join(tmpdir(), 'dmsfit-dmsviz-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, 'fit');
  const inputs = ['high', 'medium'].map((c) => shared(`xbb15/Lib1-230614_${c}_ACE2_func_scores.csv`));
  execFileSync(process.execPath, [cli, 'fit', '-r', 'high_ACE2', '--lasso', '5e-5', '-o', out, ...inputs], {
    stdio: 'pipe',
  });
  const dmsViz = (...args: string[]) =>
    execFileSync(process.execPath, [cli, 'dms-viz', out, ...args], { encoding: 'utf8', stdio: 'pipe' });
  const said = dmsViz('--structure', '7tl9');
  assert.match(
    said,
    /dms-viz_shift\.json: [\d,]+ mutation × condition rows \(left out: [\d,]+ not identified/,
  );
  const shiftDoc = JSON.parse(readFileSync(join(out, 'dms-viz_shift.json'), 'utf8')) as Record<
    string,
    Experiment
  >;
  assert.deepEqual(dmsVizProblems(shiftDoc), []);
  const [name, e] = Object.entries(shiftDoc)[0]!;
  assert.equal(name, 'high_ACE2 vs medium_ACE2 (λ 5.0e-5)');
  assert.equal(e.pdb, '7TL9');
  assert.deepEqual(e.conditions, ['medium_ACE2']);
  const strongest = [...e.mut_metric_df].sort((a, b) => (a.shift as number) - (b.shift as number))[0]!;
  assert.equal(`${strongest.wildtype}${strongest.reference_site}${strongest.mutant}`, 'R498G');
  assert.ok((strongest.shift as number) < -1);
  // Rows written plus rows left out cover every mutation of mutations.csv once.
  const mutations = readFileSync(join(out, 'mutations.csv'), 'utf8').trim().split('\n').length - 1;
  const [, rows, left] = /([\d,]+) mutation × condition rows \(left out: ([\d,]+)/.exec(said)!;
  assert.equal(Number(rows!.replace(/,/g, '')) + Number(left!.replace(/,/g, '')), mutations);

  const betaFile = join(dir, 'beta.json');
  dmsViz('--structure', '7TL9', '--metric', 'beta', '-o', betaFile);
  const betaDoc = JSON.parse(readFileSync(betaFile, 'utf8')) as Record<string, Experiment>;
  assert.deepEqual(dmsVizProblems(betaDoc), []);
  assert.deepEqual(Object.values(betaDoc)[0]!.conditions, ['high_ACE2', 'medium_ACE2']);

  // Refusals: a structure that is neither an ID nor a PDB file; an output that is a folder or a
  // file that is not an earlier dataset (which stays as it was).
  const csvBefore = readFileSync(join(out, 'mutations.csv'), 'utf8');
  for (const args of [
    ['--structure', 'spike'],
    ['--structure', '7TL9', '-o', dir],
    ['--structure', '7TL9', '-o', join(out, 'mutations.csv')],
  ]) {
    const r = (() => {
      try {
        dmsViz(...args);
        return 0;
      } catch (err) {
        return (err as { status: number }).status;
      }
    })();
    assert.equal(r, 1, args.join(' '));
  }
  assert.equal(readFileSync(join(out, 'mutations.csv'), 'utf8'), csvBefore);
  // An earlier dataset is replaced.
  dmsViz('--structure', '7TL9', '--metric', 'beta', '--name', 'again', '-o', betaFile);
  assert.deepEqual(Object.keys(JSON.parse(readFileSync(betaFile, 'utf8')) as object), ['again']);

  // The check catches what configure_dms_viz refuses.
  const broken = (edit: (x: Experiment) => void) => {
    const copy = JSON.parse(JSON.stringify(shiftDoc)) as Record<string, Experiment>;
    edit(Object.values(copy)[0]!);
    return dmsVizProblems(copy);
  };
  const cases: [string, (x: Experiment) => void, RegExp][] = [
    ['a letter outside the alphabet', (x) => (x.mut_metric_df[0]!.mutant = 'B'), /not in the alphabet/],
    ['a repeated row', (x) => x.mut_metric_df.push({ ...x.mut_metric_df[0]! }), /repeats/],
    [
      'a site missing from the sitemap',
      (x) => (x.mut_metric_df[0]!.reference_site = 99999),
      /not in the sitemap/,
    ],
    ['an unlisted condition', (x) => (x.mut_metric_df[0]!.condition = 'other'), /is not listed/],
    [
      'a slider past the data',
      (x) => ((x.filter_limits as Record<string, number[]>).times_seen = [0, 2, 25]),
      /outside the data/,
    ],
    ['a missing field', (x) => delete x.sitemap, /missing sitemap/],
    ['a colourless condition', (x) => (x.condition_colors = {}), /no hex colour/],
  ];
  for (const [what, edit, problem] of cases) assert.match(broken(edit).join('\n'), problem, what);
});
