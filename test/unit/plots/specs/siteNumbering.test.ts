/**
 * The effect plots of a fit with a site numbering map: the site chart's zoom bar coloured by
 * region, and each site's region and sequential number in the site chart's and heatmap's tooltips.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TopLevelSpec } from 'vega-lite';
import type { FitDetail } from '../../../../src/plots/model.ts';
import { compiles, renders } from '../../support/vegaLite.ts';
import { detail, values } from '../../support/plotDetail.ts';
import { siteOverviewSpec } from '../../../../src/plots/specs/mutationPlots.ts';
import { heatmapSpec } from '../../../../src/plots/specs/heatmap.ts';

/** detail()'s sites 1–4 numbered from 31; site 4 not in the map. */
function numbered(): FitDetail {
  const d = detail();
  return { ...d, sites: { ...d.sites, sequential: [31, 32, 33, null], region: ['NTD', 'NTD', 'RBD', ''] } };
}

type Layer = TopLevelSpec & {
  mark: { type: string };
  encoding: { color?: { field: string; sort: string[] }; tooltip: { field: string }[] };
};
const layersOf = (spec: TopLevelSpec) => (spec as unknown as { layer: Layer[] }).layer;

test('site chart with a site numbering map: a zoom bar coloured by region in protein order, places in the tooltip', async () => {
  const spec = siteOverviewSpec(numbered(), 'shift', 1, [0, 3]);
  compiles(spec);
  await renders(spec);
  const bar = layersOf(spec).find((l) => l.encoding.color?.field === 'region')!;
  assert.equal(bar.mark.type, 'rect');
  assert.deepEqual(bar.encoding.color!.sort, ['NTD', 'RBD', 'not in the map']);
  const rows = values(spec) as { site: string; place: string | null; region: string }[];
  assert.deepEqual(
    rows.map((r) => [r.site, r.place, r.region]),
    [
      ['1', 'NTD, sequential 31', 'NTD'],
      ['2', 'NTD, sequential 32', 'NTD'],
      ['3', 'RBD, sequential 33', 'RBD'],
      ['4', 'not in the site numbering map', 'not in the map'],
    ],
  );
  assert.ok(layersOf(spec)[0]!.encoding.tooltip.some((t) => t.field === 'place'));
  // Without a map: no bar, no place in the tooltip.
  const plain = siteOverviewSpec(detail(), 'shift', 1, [0, 3]);
  assert.ok(layersOf(plain).every((l) => l.encoding.color?.field !== 'region'));
  assert.ok(layersOf(plain)[0]!.encoding.tooltip.every((t) => t.field !== 'place'));
  // A map without regions numbers the sites but has nothing to colour.
  const d = numbered();
  const noRegions = { ...d, sites: { ...d.sites, region: ['', '', '', ''] } };
  assert.ok(
    layersOf(siteOverviewSpec(noRegions, 'shift', 1)).every((l) => l.encoding.color?.field !== 'region'),
  );
});

test("heatmap with a site numbering map: each cell's and wildtype mark's tooltip gives its region and sequential site", async () => {
  const spec = heatmapSpec(numbered(), 'shift', 1, 1, 4);
  compiles(spec);
  await renders(spec);
  const [cellLayer, marks] = [layersOf(spec)[0]!, layersOf(spec).at(-1)!];
  const cells = values(cellLayer) as { mutation: string; place: string }[];
  assert.deepEqual(
    cells.map((c) => [c.mutation, c.place]),
    [
      ['M2A', 'NTD, sequential 32'],
      ['G3P', 'RBD, sequential 33'],
      ['G3R', 'RBD, sequential 33'],
      ['M4*', 'not in the site numbering map'],
    ],
  );
  for (const layer of [cellLayer, marks]) assert.ok(layer.encoding.tooltip.some((t) => t.field === 'place'));
  const plain = layersOf(heatmapSpec(detail(), 'shift', 1, 1, 4));
  assert.ok(plain[0]!.encoding.tooltip.every((t) => t.field !== 'place'));
});
