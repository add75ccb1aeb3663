/**
 * A fit with a site numbering map, as a user runs it: each site's sequential number and region
 * reach site_map.csv, mutations.csv, model.json, the panel's fit detail and the dms-viz export;
 * a site the map does not list is warned of; a broken map stops the fit with its line, and
 * writes nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulatedCli } from '../../../support/simulatedCli.ts';
import { readCsv } from '../../../../../src/results/resultsFiles.ts';
import { readFitDetail } from '../../../../../src/results/readFitDetail.ts';

test('site numbering map: sequential sites and regions in every output of a fit; unlisted sites warned of', async () => {
  const sim = await simulatedCli('site-numbers', { seed: 5, sites: 12, variantsPerCondition: 500 });
  const sites = Array.from({ length: 12 }, (_, i) => i + 1);
  // Site 12 is left out; the rest are numbered from 101, in two regions.
  const map = join(sim.dir, 'site_numbering_map.csv');
  writeFileSync(
    map,
    'sequential_site,reference_site,region\n' +
      sites
        .slice(0, 11)
        .map((s) => `${100 + s},${s},${s <= 6 ? 'N-term' : 'C-term'}\n`)
        .join(''),
  );
  const out = join(sim.dir, 'out');
  const ref = sim.truth.conditions[0]!;
  const fitted = sim.dmsfit('fit', sim.data, '-r', ref, '--site-numbering-map', map, '-o', out);
  assert.equal(fitted.status, 0, fitted.stderr);
  const siteMap = (await readCsv(join(out, 'data', 'site_map.csv'))).rows;
  const fittedSites = siteMap.map((r) => Number(r.site));
  assert.ok(fittedSites.includes(12), 'the unlisted site is fitted');
  for (const r of siteMap) {
    const s = Number(r.site);
    assert.equal(r.sequential_site, s === 12 ? '' : String(100 + s));
    assert.equal(r.region, s === 12 ? '' : s <= 6 ? 'N-term' : 'C-term');
  }
  for (const m of (await readCsv(join(out, 'mutations.csv'))).rows) {
    const s = Number(m.sites);
    assert.deepEqual(
      [m.sequential_site, m.region],
      [...(s === 12 ? ['', ''] : [String(100 + s), s <= 6 ? 'N-term' : 'C-term'])],
    );
  }
  const summary = JSON.parse(readFileSync(join(out, 'fit.json'), 'utf8')) as { warnings: string[] };
  const unlisted = summary.warnings.filter((w) => w.includes('not in the site numbering map'));
  assert.equal(unlisted.length, 1, summary.warnings.join('\n'));
  assert.match(unlisted[0]!, /^1 of \d+ sites are not in the site numbering map .*\(12\)/);
  const detail = (await readFitDetail(out, '.'))!;
  assert.deepEqual(
    detail.sites.sequential,
    detail.sites.label.map((l) => (l === '12' ? null : 100 + Number(l))),
  );
  assert.deepEqual(
    detail.sites.region,
    detail.sites.label.map((l) => (l === '12' ? '' : Number(l) <= 6 ? 'N-term' : 'C-term')),
  );
  const viz = sim.dmsfit(
    'dms-viz',
    out,
    '--structure',
    '1ABC',
    '--metric',
    'beta',
    '-o',
    join(sim.dir, 'viz.json'),
  );
  assert.equal(viz.status, 0, viz.stderr);
  const experiment = Object.values(
    JSON.parse(readFileSync(join(sim.dir, 'viz.json'), 'utf8')) as Record<
      string,
      {
        sitemap: Record<string, { sequential_site: number }>;
        mut_metric_df: { region: string }[];
        tooltip_cols: object;
      }
    >,
  )[0]!;
  for (const [label, entry] of Object.entries(experiment.sitemap))
    assert.equal(entry.sequential_site, label === '12' ? 112 : 100 + Number(label), label);
  assert.ok(experiment.mut_metric_df.every((r) => ['N-term', 'C-term', ''].includes(r.region)));
  assert.ok('region' in experiment.tooltip_cols);
});

test('site numbering map with an error: the fit stops with the line, and writes nothing', async () => {
  const sim = await simulatedCli('site-numbers-bad', { seed: 6, sites: 6, variantsPerCondition: 200 });
  const map = join(sim.dir, 'map.csv');
  writeFileSync(map, 'sequential_site,reference_site,region\n1,1,a\n2,1,a\n');
  const out = join(sim.dir, 'out');
  const r = sim.dmsfit(
    'fit',
    sim.data,
    '-r',
    sim.truth.conditions[0]!,
    '--site-numbering-map',
    map,
    '-o',
    out,
  );
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /map\.csv:3:3: error site-number-duplicate: reference_site 1 is listed twice/);
  assert.ok(!existsSync(out));
});
