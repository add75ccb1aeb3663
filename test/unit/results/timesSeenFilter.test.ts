/**
 * multidms's times_seen_threshold in `dmsfit report`: the filtered table holds exactly the rows
 * of mutations.csv seen at least n times in every condition (counted here from the file's own
 * text), with its columns and text; mutations.csv is not touched; the mutation plots draw only
 * those mutations; and the threshold's text is checked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fitFolder, readResultsIndex } from '../../../src/results/readResults.ts';
import { readFitDetail } from '../../../src/results/readFitDetail.ts';
import { TOP_FIT } from '../../../src/core/io/resultsLayout.ts';
import { reportPlots } from '../../../src/results/reportPlots.ts';
import { filterDetailByTimesSeen, parseTimesSeenThreshold } from '../../../src/results/timesSeenFilter.ts';
import { bundles } from '../../support/bundles.ts';
import { simulatedCli } from '../support/simulatedCli.ts';

test('report --times-seen-threshold: the filtered table, untouched mutations.csv and filtered plots', async () => {
  const sim = await simulatedCli('times-seen', { seed: 6, sites: 20, variantsPerCondition: 300 });
  const { dir, data } = sim;
  const out = join(dir, 'out');
  // The CLI as a user runs it (report.ts draws with Vega, which the test runner cannot load).
  const dmsfit = (...args: string[]) => {
    const r = sim.dmsfit(...args);
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  dmsfit('fit', data, '--reference', 'h1', '--lasso', '1e-4', '--relax', '--intervals', '-o', out);
  const fit = (await fitFolder(out, TOP_FIT))!;
  const source = join(fit, 'mutations.csv');
  const before = readFileSync(source, 'utf8');
  const mtime = statSync(source).mtimeMs;
  const threshold = 3;
  const printed = dmsfit('report', out, '--times-seen-threshold', String(threshold));
  const filtered = join(fit, 'mutations_times_seen_3.csv');
  assert.ok(printed.includes(filtered), printed);

  // Simulated names hold no commas or quotes, so a split is an independent reading.
  const [header, ...lines] = before.trim().split('\n');
  const seenColumns = header!.split(',').flatMap((c, k) => (c.startsWith('times_seen_') ? [k] : []));
  assert.equal(seenColumns.length, 2);
  const expected = lines.filter((l) => seenColumns.every((k) => Number(l.split(',')[k]) >= threshold));
  assert.ok(
    expected.length > 0 && expected.length < lines.length,
    `${expected.length} of ${lines.length} kept`,
  );
  assert.deepEqual(readFileSync(filtered, 'utf8').trim().split('\n'), [header, ...expected]);
  assert.equal(readFileSync(source, 'utf8'), before, 'mutations.csv unchanged');
  assert.equal(statSync(source).mtimeMs, mtime);

  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.match(
    html,
    new RegExp(`the ${expected.length} of ${lines.length} mutations seen in at least 3 variants`),
  );

  // The heatmaps draw only the kept mutations (and wildtype cells, which are not mutations).
  const kept = new Set(expected.map((l) => l.split(',')[0]));
  const index = (await readResultsIndex(out))!;
  const detail = (await readFitDetail(out, TOP_FIT))!;
  const drawn = filterDetailByTimesSeen(detail, threshold);
  assert.equal(drawn.mutations.name.length, kept.size);
  // Every per-mutation column is filtered alike, the optional ones too.
  for (const [key, column] of Object.entries(drawn.mutations)) {
    const lists = Array.isArray(column[0]) ? (column as unknown[][]) : [column];
    for (const list of lists) assert.equal(list.length, kept.size, key);
  }
  const name = [...kept].findLast((n) => {
    const m = detail.mutations.name.indexOf(n!);
    return Number.isFinite(detail.mutations.betaLow![1]![m]) && detail.mutations.shift[1]![m] !== 0;
  });
  const [at, k] = [detail.mutations.name.indexOf(name!), drawn.mutations.name.indexOf(name!)];
  assert.equal(drawn.mutations.betaLow![1]![k], detail.mutations.betaLow![1]![at]);
  assert.equal(drawn.mutations.relaxedShift![1]![k], detail.mutations.relaxedShift![1]![at]);
  const heatmaps = reportPlots(index, drawn, [drawn]).filter((p) => p.name.startsWith('heatmap-'));
  assert.ok(heatmaps.length > 0);
  for (const p of heatmaps) {
    const layers = JSON.stringify(p.spec);
    const mutations = [...layers.matchAll(/"mutation":"([^"]*)"/g)].map((m) => m[1]!);
    assert.ok(mutations.length > 0);
    for (const m of mutations) assert.ok(kept.has(m) || !detail.mutations.name.includes(m), m);
  }
  assert.equal(filterDetailByTimesSeen(detail, 0), detail, 'threshold 0 keeps every mutation');
});

test('a times_seen threshold is a whole number ≥ 0; the CLI says so for any other', async () => {
  assert.equal(parseTimesSeenThreshold('0'), 0);
  assert.equal(parseTimesSeenThreshold('25'), 25);
  for (const bad of ['-1', '2.5', 'three', ''])
    assert.throws(() => parseTimesSeenThreshold(bad), /whole number ≥ 0/, bad);
  const { cli } = await bundles();
  const r = spawnSync(process.execPath, [cli, 'report', tmpdir(), '--times-seen-threshold', '2.5'], {
    encoding: 'utf8',
  });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /--times-seen-threshold must be a whole number ≥ 0, got '2.5'/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
});
