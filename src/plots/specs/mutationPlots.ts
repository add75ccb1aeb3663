/**
 * Plots of a fit's mutation effects: the per-site overview (with the brush that picks the
 * heatmap's window), and what it shares with the site × amino-acid heatmap (heatmap.ts). Its
 * predictions are predictionPlots.ts.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { FitDetail } from '../model';
import { conditionColor, INK } from '../theme';
import { formatNumber } from '../format';
import {
  NO_FILTER,
  parameterValues,
  siteNumberText,
  type MutationFilter,
  type Parameter,
} from './mutationValues';
import { SCHEMA } from './schema';
import {
  DEFAULT_SITE_STATISTIC,
  siteStatistic,
  siteStatisticText,
  type SiteStatistic,
} from './siteStatistic';

/** Mutant rows of the heatmap in multidms's alphabet order. */
export const LETTER_ORDER = 'ACDEFGHIKLMNPQRSTVWY*-';

/** Pixels per site and per letter of the heatmap at its natural size. */
export const HEATMAP_CELL = 11;

/** The heatmap's fill for mutations the data cannot identify: a mid grey, legible on any theme. */
export const UNIDENTIFIED = '#8a8a8a';

/**
 * Axis labels for a site index axis: the site's own label (sites may skip numbers or carry
 * insertion letters). Contiguous integer numbering needs only an offset.
 */
export function siteLabelExpr(labels: string[]): string {
  const first = Number(labels[0]);
  if (labels.every((l, i) => /^-?\d+$/.test(l) && Number(l) === first + i)) return `datum.value + ${first}`;
  return `${JSON.stringify(labels)}[datum.value] || ''`;
}

/**
 * What a filter leaves out, for a title: `seen` and the times seen (when above 1) with `seenUnit`,
 * then `wide` and the width (when finite); '' for no filter.
 */
export function filterText(filter: MutationFilter, seen: string, wide: string, seenUnit = ' times'): string {
  const { minTimesSeen: n, maxIntervalWidth: w } = filter;
  return `${n > 1 ? `${seen}${n}${seenUnit}` : ''}${Number.isFinite(w) ? `${wide}${formatNumber(w)}` : ''}`;
}

/** The tooltip line of a site's region and sequential number (siteNumberText, field `place`). */
const PLACE_TOOLTIP = { field: 'place', type: 'nominal', title: 'region, sequential site' } as const;

/** PLACE_TOOLTIP where the fit has a site numbering map, else nothing (site chart and heatmap). */
export function placeTooltip(detail: FitDetail): (typeof PLACE_TOOLTIP)[] {
  return detail.sites.sequential ? [PLACE_TOOLTIP] : [];
}

/**
 * A statistic of the parameter per site along the protein (siteStatistic.ts; by default summed
 * |parameter|); in the panel, with an interval brush ("window") on the site axis that chooses
 * which sites the heatmap shows. Sites where the condition's wildtype differs from the
 * reference's are drawn as dots.
 */
export function siteOverviewSpec(
  detail: FitDetail,
  parameter: Parameter,
  condition: number,
  window?: [number, number],
  /** Leave out the mutations the filter does not keep (times seen, interval width). */
  filter: MutationFilter = NO_FILTER,
  stat: SiteStatistic = DEFAULT_SITE_STATISTIC,
): TopLevelSpec {
  const sums = siteStatistic(detail, parameter, condition, filter, stat);
  const text = siteStatisticText(stat, parameter);
  const ref = detail.conditions.indexOf(detail.reference);
  const values = detail.sites.label.map((label, i) => ({
    index: i,
    site: label,
    sum: sums[i]!,
    nonIdentical: detail.sites.wildtype[condition]![i] !== detail.sites.wildtype[ref]![i],
    place: siteNumberText(detail, i) ?? null,
    region: detail.sites.region?.[i] || 'not in the map',
  }));
  const name = detail.conditions[condition]!;
  return {
    $schema: SCHEMA,
    // What is summed and how to use the brush go under the title, so the title fits a narrow panel.
    title: {
      text: `${text.title} by site — ${name}`,
      subtitle: [
        `identified mutations${filterText(filter, ' seen ≥ ', ' with intervals ≤ ')}`,
        ...(filter.floorAtZero ? ['negative values as 0'] : []),
        ...(window ? ["drag to choose the heatmap's sites"] : []),
      ].join(' · '),
    },
    data: { values },
    layer: [
      {
        ...(window
          ? {
              params: [
                {
                  name: 'window',
                  select: { type: 'interval' as const, encodings: ['x' as const] },
                  value: { x: window },
                },
              ],
            }
          : {}),
        mark: {
          type: 'area',
          line: true,
          opacity: 0.35,
          color: conditionColor(condition),
          interpolate: 'step',
        },
        encoding: {
          x: {
            field: 'index',
            type: 'quantitative',
            title: 'site',
            axis: { labelExpr: siteLabelExpr(detail.sites.label), tickMinStep: 1 },
            scale: { nice: false },
          },
          y: { field: 'sum', type: 'quantitative', title: text.axis },
          tooltip: [
            { field: 'site', type: 'nominal' },
            ...placeTooltip(detail),
            { field: 'sum', type: 'quantitative', format: '.3g', title: text.axis },
          ],
        },
      },
      ...(detail.sites.sequential && detail.sites.region?.some((r) => r !== '') ? [regionBar(values)] : []),
      {
        transform: [{ filter: 'datum.nonIdentical' }],
        mark: { type: 'point', filled: true, size: 18, style: INK },
        encoding: { x: { field: 'index', type: 'quantitative' }, y: { field: 'sum', type: 'quantitative' } },
      },
    ],
    width: 'container',
    height: 110,
  };
}

/**
 * The zoom bar's colours: a strip above the chart, each site coloured by its region in the site
 * numbering map (regions in protein order), as polyclonal's zoom bar colours by `region`.
 */
function regionBar(values: { region: string }[]) {
  const order = [...new Set(values.map((v) => v.region))];
  return {
    mark: { type: 'rect' as const, clip: false },
    encoding: {
      x: { field: 'start', type: 'quantitative' as const },
      x2: { field: 'end' },
      y: { value: -REGION_BAR - 2 },
      y2: { value: -2 },
      color: {
        field: 'region',
        type: 'nominal' as const,
        sort: order,
        scale: { scheme: order.length > 10 ? 'tableau20' : 'tableau10' },
        legend: { orient: 'bottom' as const, title: 'region', columns: 6, symbolType: 'square' },
      },
      tooltip: [{ field: 'site', type: 'nominal' as const }, PLACE_TOOLTIP],
    },
    // Each site's stretch, centred on it as the chart's steps are, within the chart's ends.
    transform: [
      { calculate: 'max(0, datum.index - 0.5)', as: 'start' },
      { calculate: `min(${values.length - 1}, datum.index + 0.5)`, as: 'end' },
    ],
  };
}

/** Height in pixels of the zoom bar's region strip. */
const REGION_BAR = 6;

/** Symmetric colour domain of a condition's parameter (kept fixed while the window moves). */
export function colorExtent(detail: FitDetail, parameter: Parameter, condition: number): number {
  let max = 0;
  for (const v of parameterValues(detail, parameter, condition)) max = Math.max(max, Math.abs(v));
  return max > 0 ? max : 1;
}
