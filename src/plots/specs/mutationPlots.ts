/**
 * Plots of a fit's mutation effects: the per-site overview (with the brush that picks the
 * heatmap's window) and the site × amino-acid heatmap of shifts or β. Its predictions are
 * predictionPlots.ts.
 */
import type { TopLevelSpec } from 'vega-lite';
import { CONFIDENT_Z, confidentShift } from '../../core/fit/standardErrors';
import type { FitDetail } from '../model';
import { conditionColor, INK } from '../theme';
import { formatNumber } from '../format';
import {
  drawnValues,
  identifiedMask,
  intervalsOf,
  intervalWidthOf,
  keptMask,
  mutationSiteIndex,
  NO_FILTER,
  parameterValues,
  timesSeenOf,
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
function filterText(filter: MutationFilter, seen: string, wide: string, seenUnit = ' times'): string {
  const { minTimesSeen: n, maxIntervalWidth: w } = filter;
  return `${n > 1 ? `${seen}${n}${seenUnit}` : ''}${Number.isFinite(w) ? `${wide}${formatNumber(w)}` : ''}`;
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
            { field: 'sum', type: 'quantitative', format: '.3g', title: text.axis },
          ],
        },
      },
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

/** Symmetric colour domain of a condition's parameter (kept fixed while the window moves). */
export function colorExtent(detail: FitDetail, parameter: Parameter, condition: number): number {
  let max = 0;
  for (const v of parameterValues(detail, parameter, condition)) max = Math.max(max, Math.abs(v));
  return max > 0 ? max : 1;
}

/**
 * Site (x) × mutant amino acid (y) heatmap of shifts or β for the sites [from, to) — a window, so
 * a spike-sized protein never puts tens of thousands of cells in the page at once. Colour is
 * diverging and centred at 0; unobserved mutations are left blank, those the data cannot
 * identify are greyed out, shifts fewer than CONFIDENT_Z standard errors from zero faded (or,
 * with confidentOnly, drawn as 0); × marks the reference wildtype, ● the condition's own
 * wildtype where it differs.
 */
export function heatmapSpec(
  detail: FitDetail,
  parameter: Parameter,
  condition: number,
  from: number,
  to: number,
  /** Draw shifts that are not confident (their 90 % interval, else standardErrors.ts) as zero instead of faded. */
  confidentOnly = false,
  /**
   * Draw the mutations the filter does not keep grey (seen in fewer variants, as the dms-vep
   * heatmaps filter them, or with a wider interval).
   */
  filter: MutationFilter = NO_FILTER,
  /**
   * As wide as the element it is drawn in, legend and axis included (the panel: it never scrolls
   * sideways; a wider window of sites gets narrower cells); else HEATMAP_CELL pixels a site.
   */
  fitWidth = false,
): TopLevelSpec {
  const { minTimesSeen, maxIntervalWidth } = filter;
  const seen = timesSeenOf(detail, parameter, condition);
  const width = intervalWidthOf(detail, parameter, condition);
  const kept = keptMask(detail, parameter, condition, filter);
  const values = drawnValues(detail, parameter, condition, filter);
  const se = (parameter === 'shift' ? detail.mutations.seShift : detail.mutations.seBeta)[condition]!;
  const identified = identifiedMask(detail, parameter, condition);
  const site = mutationSiteIndex(detail);
  const ref = detail.conditions.indexOf(detail.reference);
  const { mutations: mu } = detail;
  // Selection frequencies (stability.ts) of this condition's shifts, when the fit made them.
  const selection = parameter === 'shift' ? mu.selection?.[condition] : undefined;
  const stability = selection?.some((f) => Number.isFinite(f)) ?? false;
  // The shifts refitted without the lasso (relaxedRefit.ts), when the fit made them.
  const relaxed = parameter === 'shift' ? mu.relaxedShift?.[condition] : undefined;
  const relaxing = relaxed?.some((v) => Number.isFinite(v)) ?? false;
  // The 90 % intervals (intervals.ts), when the fit made them.
  const [low, high] = intervalsOf(detail, parameter, condition) ?? [undefined, undefined];
  const intervalOf = (m: number) =>
    Number.isFinite(low?.[m] ?? NaN) ? `${formatNumber(low![m]!)} to ${formatNumber(high![m]!)}` : null;
  const withIntervals = low !== undefined;
  const widthFiltered = withIntervals && Number.isFinite(maxIntervalWidth);
  const cells: {
    site: string;
    index: number;
    mutant: string;
    value: number;
    mutation: string;
    shift: number;
    beta: number;
    times_seen: number;
    identified: boolean;
    /** Seen in fewer variants, or a wider interval, than the sliders ask: grey, like the unidentified. */
    filtered: boolean;
    filteredText: string;
    widthText: string;
    identifiable: string;
    se: number | null;
    selected: number | null;
    relaxed: number | null;
    interval: string | null;
    confident: string;
    faded: boolean;
  }[] = [];
  for (let m = 0; m < values.length; m++) {
    const s = site[m]!;
    if (s < from || s >= to) continue;
    const own = mu.identifiable[condition]![m]!;
    // A shift with a 90 % interval is confident when the interval excludes zero (calibrated on
    // simulations, intervals.ts); without one, when it is CONFIDENT_Z standard errors from zero;
    // results written before standard errors existed have neither: every shift counts as confident.
    const interval = parameter === 'shift' && Number.isFinite(low?.[m] ?? NaN);
    const sure =
      parameter === 'beta' ||
      values[m] === 0 ||
      (interval ? low![m]! > 0 || high![m]! < 0 : Number.isNaN(se[m]!) || confidentShift(values[m]!, se[m]!));
    cells.push({
      site: mu.site[m]!,
      index: s,
      mutant: mu.mut[m]!,
      value: sure || !confidentOnly ? values[m]! : 0,
      mutation: mu.name[m]!,
      shift: mu.shift[condition]![m]!,
      beta: mu.beta[condition]![m]!,
      times_seen: mu.timesSeen[condition]![m]!,
      identified: identified[m]!,
      filtered: !kept[m],
      filteredText:
        seen[m]! >= minTimesSeen
          ? 'yes'
          : `no: ${seen[m]}${parameter === 'shift' ? ` (the fewer of ${detail.conditions[condition]} and ${detail.reference})` : ''}`,
      widthText: width[m]! > maxIntervalWidth ? `no: ${formatNumber(width[m])} wide` : 'yes',
      identifiable: identified[m]
        ? 'yes'
        : own === 'yes'
          ? `${mu.identifiable[ref]![m]} in ${detail.reference}`
          : own,
      se: Number.isFinite(se[m]!) ? se[m]! : null,
      selected: Number.isFinite(selection?.[m] ?? NaN) ? selection![m]! : null,
      relaxed: Number.isFinite(relaxed?.[m] ?? NaN) ? relaxed![m]! : null,
      interval: intervalOf(m),
      confident:
        parameter === 'beta' || values[m] === 0
          ? '—'
          : sure
            ? 'yes'
            : `no: ${interval ? 'its 90 % interval holds 0' : `|shift| < ${CONFIDENT_Z} se`}${confidentOnly ? ' (drawn as 0)' : ''}`,
      faded: !sure && !confidentOnly,
    });
  }
  const marks: { site: string; index: number; mutant: string; kind: string }[] = [];
  for (let s = from; s < Math.min(to, detail.sites.label.length); s++) {
    const refWt = detail.sites.wildtype[ref]![s]!;
    const own = detail.sites.wildtype[condition]![s]!;
    const label = detail.sites.label[s]!;
    marks.push({ site: label, index: s, mutant: refWt, kind: 'reference wildtype' });
    if (own !== refWt)
      marks.push({ site: label, index: s, mutant: own, kind: `${detail.conditions[condition]} wildtype` });
  }
  const letters = [...LETTER_ORDER].filter(
    (l) => cells.some((c) => c.mutant === l) || marks.some((k) => k.mutant === l),
  );
  const sites = detail.sites.label.slice(from, to);
  const extent = colorExtent(detail, parameter, condition);
  const x = {
    field: 'site',
    type: 'ordinal' as const,
    sort: sites,
    title: 'site',
    axis: { labelAngle: -90, labelOverlap: true },
  };
  const y = { field: 'mutant', type: 'ordinal' as const, sort: letters, title: null };
  return {
    $schema: SCHEMA,
    title: {
      text: `${parameter === 'shift' ? 'Shifts' : 'β'} — ${detail.conditions[condition]} (sites ${sites[0] ?? ''}–${sites.at(-1) ?? ''})`,
      // The legend of the marks and the grey, which have no colour scale to explain them.
      // Two lines: the marks, then what is grey or floored (with both filters, one line was
      // wider than the panel).
      subtitle: [
        [
          `× ${detail.reference} wildtype`,
          ...(marks.some((k) => k.kind !== 'reference wildtype')
            ? [`● ${detail.conditions[condition]} wildtype where it differs`]
            : []),
        ].join(' · '),
        [
          `grey: not identified by the data${filterText(filter, ' or seen in fewer than ', ' or with a 90 % interval wider than ', ' variants')}`,
          ...(filter.floorAtZero ? ['negative values drawn as 0'] : []),
        ].join(' · '),
      ],
    },
    layer: [
      {
        data: { values: cells },
        mark: { type: 'rect' },
        encoding: {
          x,
          y,
          // Grey, in light and dark themes alike: what the ridge or the lasso set, not the data
          // (the tooltip says why).
          color: {
            condition: { test: '!datum.identified || datum.filtered', value: UNIDENTIFIED },
            field: 'value',
            type: 'quantitative',
            title: parameter,
            // Red to blue through the theme's background (theme.ts divergingRange): a zero effect is
            // the panel's own colour in every theme, not a white cell on a dark panel.
            // In Lab: Vega-Lite's default, HCL, turns white's undefined hue into cyan at zero.
            scale: {
              range: 'diverging',
              interpolate: 'lab',
              domain: [-extent, -extent / 2, 0, extent / 2, extent],
            },
          },
          // Shifts the data do not stand behind (interval holding 0, or under CONFIDENT_Z se) fade.
          opacity: { condition: { test: 'datum.faded', value: 0.35 }, value: 1 },
          tooltip: [
            { field: 'mutation', type: 'nominal' },
            { field: 'shift', type: 'quantitative', format: '.3g' },
            ...(relaxing
              ? [
                  {
                    field: 'relaxed',
                    type: 'quantitative' as const,
                    format: '.3g',
                    title: 'shift refitted without the lasso',
                  },
                ]
              : []),
            { field: 'beta', type: 'quantitative', format: '.3g', title: 'β' },
            {
              field: 'se',
              type: 'quantitative',
              format: '.2g',
              title: `standard error of ${parameter === 'shift' ? 'the shift' : 'β'}`,
            },
            ...(withIntervals
              ? [
                  {
                    field: 'interval',
                    type: 'nominal' as const,
                    title: `90 % interval of ${parameter === 'shift' ? 'the shift' : 'β'} (fit without the lasso)`,
                  },
                ]
              : []),
            ...(parameter === 'shift'
              ? [{ field: 'confident', type: 'nominal' as const, title: 'confident' }]
              : []),
            ...(stability
              ? [
                  {
                    field: 'selected',
                    type: 'quantitative' as const,
                    format: '.0%',
                    title: 'selected in subsample fits',
                  },
                ]
              : []),
            { field: 'times_seen', type: 'quantitative' },
            ...(minTimesSeen > 1
              ? [{ field: 'filteredText', type: 'nominal' as const, title: `seen ≥ ${minTimesSeen} times` }]
              : []),
            ...(widthFiltered
              ? [
                  {
                    field: 'widthText',
                    type: 'nominal' as const,
                    title: `interval ≤ ${formatNumber(maxIntervalWidth)} wide`,
                  },
                ]
              : []),
            { field: 'identifiable', type: 'nominal', title: 'identified by the data' },
          ],
        },
      },
      {
        data: { values: marks },
        mark: { type: 'text', fontSize: 9 },
        encoding: {
          x,
          y,
          text: { condition: { test: "datum.kind === 'reference wildtype'", value: '×' }, value: '●' },
          tooltip: [
            { field: 'site', type: 'nominal' },
            { field: 'kind', type: 'nominal' },
            { field: 'mutant', type: 'nominal', title: 'letter' },
          ],
        },
      },
    ],
    ...(fitWidth
      ? { width: 'container' as const, autosize: { type: 'fit-x' as const, contains: 'padding' as const } }
      : { width: { step: HEATMAP_CELL } }),
    height: { step: HEATMAP_CELL },
  };
}
