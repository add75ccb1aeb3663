/**
 * 90 % intervals on real data, where no truth is known: XBB.1.5 libraries 1 and 2 measure the
 * same mutations on different variants, so where both give an interval the difference of their
 * centres should lie within 1.645 × √(se₁² + se₂²) about 90 % of the time. Fitted as a user
 * would, through the CLI, at the defaults with median-stop clipping.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCsv } from '../../src/results/resultsFiles.ts';
import { bundles } from '../support/bundles.ts';
import { shared } from './support.ts';

const Z = 1.645;

async function fitLibrary(cli: string, dir: string, library: 1 | 2) {
  const files = ['high', 'medium'].map((c) => shared(`xbb15/Lib${library}-230614_${c}_ACE2_func_scores.csv`));
  const out = join(dir, `lib${library}`);
  const args = [
    cli,
    'fit',
    ...files,
    '-r',
    'high_ACE2',
    '--clip-low',
    'median-stop',
    '--intervals',
    '-o',
    out,
  ];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr + r.stdout, /90 % intervals: fit without the lasso in \d+ Gauss–Newton steps/);
  const rows = (await readCsv(join(out, 'mutations.csv'))).rows;
  return new Map(rows.map((row) => [row.mutation!, row]));
}

test('XBB.1.5: the 90 % intervals of libraries 1 and 2 agree as 90 % intervals should', async () => {
  const { cli } = await bundles();
  const dir = mkdtempSync(join(tmpdir(), 'dmsfit-xbb-intervals-'));
  const [one, two] = [await fitLibrary(cli, dir, 1), await fitLibrary(cli, dir, 2)];
  /** `column` with % for low or high, as mutations.csv names the ends. */
  const agreement = (column: string) => {
    let pairs = 0;
    let within = 0;
    for (const [mutation, a] of one) {
      const b = two.get(mutation);
      const [low, high] = [column.replace('%', 'low'), column.replace('%', 'high')];
      const cells = [a[low], a[high], b?.[low], b?.[high]];
      if (cells.some((c) => c === undefined || c === '')) continue;
      const [la, ha, lb, hb] = cells.map(Number) as [number, number, number, number];
      const [sa, sb] = [(ha - la) / (2 * Z), (hb - lb) / (2 * Z)];
      pairs++;
      if (Math.abs((la + ha) / 2 - (lb + hb) / 2) <= Z * Math.hypot(sa, sb)) within++;
    }
    return { pairs, share: within / pairs };
  };
  // Measured: β 91.1 % (high) and 91.6 % (medium) of ~6,200, shifts 95.9 % of 5,895.
  for (const column of ['beta_%_high_ACE2', 'beta_%_medium_ACE2', 'shift_%_medium_ACE2']) {
    const name = column.replace('_%', '');
    const { pairs, share } = agreement(column);
    assert.ok(pairs > 5000, `${name}: ${pairs} mutations with an interval in both libraries`);
    assert.ok(share >= 0.85 && share <= 0.98, `${name}: ${(100 * share).toFixed(1)} % within`);
  }
  // The shift multidms's authors lead with is clear in both libraries.
  for (const library of [one, two]) {
    const r = library.get('R498G')!;
    const [low, high] = [r.shift_low_medium_ACE2, r.shift_high_medium_ACE2];
    assert.ok(Number(high) < 0, `R498G: [${low}, ${high}]`);
  }
});
