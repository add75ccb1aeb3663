/**
 * The site (x) × mutant amino acid (y) heatmap of a condition's shifts or β over a window of
 * sites, with its tooltips and the wildtype marks. The overview that picks the window, and what
 * the two share, are mutationPlots.ts.
 */
import type { TopLevelSpec } from 'vega-lite';
import { CONFIDENT_Z, confidentShift } from '../../core/fit/standardErrors';
import type { FitDetail } from '../model';
import { formatNumber } from '../format';
import {
  drawnValues,
  identifiedMask,
  intervalsOf,
  intervalWidthOf,
  keptMask,
  mutationSiteIndex,
  NO_FILTER,
  siteNumberText,
  timesSeenOf,
  type MutationFilter,
  type Parameter,
} from './mutationValues';
import {
  colorExtent,
  filterText,
  HEATMAP_CELL,
  LETTER_ORDER,
  placeTooltip,
  UNIDENTIFIED,
} from './mutationPlots';
import { SCHEMA } from './schema';
import { INK } from '../theme';

/** What the heatmap draws: one condition's parameter over the sites [from, to). */
interface HeatmapView {
  detail: FitDetail;
  parameter: Parameter;
  condition: number;
  from: number;
  to: number;
  confidentOnly: boolean;
  filter: MutationFilter;
}

/** The optional per-mutation records of the view's condition, where the fit made them. */
interface Extras {
  /** Selection frequencies of the shifts (stability.ts). */
  selection?: number[];
  /** Shifts refitted without the lasso (relaxedRefit.ts). */
  relaxed?: number[];
  /** 90 % intervals (intervals.ts): low and high ends. */
  interval?: [number[], number[]];
}

/** One mutation's cell, with the words its tooltip shows. */
interface Cell {
  site: string;
  index: number;
  /** Region and sequential site by the site numbering map (siteNumberText), null without one. */
  place: string | null;
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
}

/** A wildtype letter at a site: the reference's (×), or the condition's own where it differs (●). */
interface Mark {
  site: string;
  index: number;
  place: string | null;
  mutant: string;
  kind: string;
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
  /** A mutation to outline (the one picked in the panel's mutation table). */
  highlight?: string,
): TopLevelSpec {
  const view: HeatmapView = { detail, parameter, condition, from, to, confidentOnly, filter };
  const extras = extrasOf(view);
  const cells = heatmapCells(view, extras);
  const marks = wildtypeMarks(view);
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
      subtitle: subtitle(view, marks),
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
          tooltip: cellTooltip(view, extras),
        },
      },
      ...(highlight
        ? [
            {
              data: { values: cells.filter((c) => c.mutation === highlight) },
              mark: { type: 'rect' as const, filled: false, strokeWidth: 2, style: INK },
              encoding: { x, y },
            },
          ]
        : []),
      {
        data: { values: marks },
        mark: { type: 'text', fontSize: 9 },
        encoding: {
          x,
          y,
          text: { condition: { test: "datum.kind === 'reference wildtype'", value: '×' }, value: '●' },
          tooltip: [
            { field: 'site', type: 'nominal' },
            ...placeTooltip(detail),
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

function extrasOf({ detail, parameter, condition }: HeatmapView): Extras {
  const mu = detail.mutations;
  const selection = parameter === 'shift' ? mu.selection?.[condition] : undefined;
  const relaxed = parameter === 'shift' ? mu.relaxedShift?.[condition] : undefined;
  const interval = intervalsOf(detail, parameter, condition);
  return {
    ...(selection?.some((f) => Number.isFinite(f)) ? { selection } : {}),
    ...(relaxed?.some((v) => Number.isFinite(v)) ? { relaxed } : {}),
    ...(interval ? { interval } : {}),
  };
}

/** The cells of the window's observed mutations. */
function heatmapCells(view: HeatmapView, extras: Extras): Cell[] {
  const { detail, parameter, condition, from, to, confidentOnly, filter } = view;
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
  const { selection, relaxed } = extras;
  const [low, high] = extras.interval ?? [undefined, undefined];
  const cells: Cell[] = [];
  for (let m = 0; m < values.length; m++) {
    const s = site[m]!;
    if (s < from || s >= to) continue;
    const own = mu.identifiable[condition]![m]!;
    // A shift with a 90 % interval is confident when the interval excludes zero (calibrated on
    // simulations, intervals.ts); without one, when it is CONFIDENT_Z standard errors from zero;
    // results written before standard errors existed have neither: every shift counts as confident.
    const interval = Number.isFinite(low?.[m] ?? NaN);
    const sure =
      parameter === 'beta' ||
      values[m] === 0 ||
      (interval ? low![m]! > 0 || high![m]! < 0 : Number.isNaN(se[m]!) || confidentShift(values[m]!, se[m]!));
    cells.push({
      site: mu.site[m]!,
      index: s,
      place: siteNumberText(detail, s) ?? null,
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
      interval: interval ? `${formatNumber(low![m]!)} to ${formatNumber(high![m]!)}` : null,
      confident:
        parameter === 'beta' || values[m] === 0
          ? '—'
          : sure
            ? 'yes'
            : `no: ${interval ? 'its 90 % interval holds 0' : `|shift| < ${CONFIDENT_Z} se`}${confidentOnly ? ' (drawn as 0)' : ''}`,
      faded: !sure && !confidentOnly,
    });
  }
  return cells;
}

/** The reference's wildtype at every site of the window, and the condition's where it differs. */
function wildtypeMarks({ detail, condition, from, to }: HeatmapView): Mark[] {
  const ref = detail.conditions.indexOf(detail.reference);
  const marks: Mark[] = [];
  for (let s = from; s < Math.min(to, detail.sites.label.length); s++) {
    const refWt = detail.sites.wildtype[ref]![s]!;
    const own = detail.sites.wildtype[condition]![s]!;
    const at = { site: detail.sites.label[s]!, index: s, place: siteNumberText(detail, s) ?? null };
    marks.push({ ...at, mutant: refWt, kind: 'reference wildtype' });
    if (own !== refWt) marks.push({ ...at, mutant: own, kind: `${detail.conditions[condition]} wildtype` });
  }
  return marks;
}

/**
 * The legend of the marks and the grey, which have no colour scale to explain them. Two lines:
 * the marks, then what is grey or floored (with both filters, one line was wider than the panel).
 */
function subtitle({ detail, condition, filter }: HeatmapView, marks: Mark[]): string[] {
  return [
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
  ];
}

type TooltipField = { field: keyof Cell; type: 'nominal' | 'quantitative'; format?: string; title?: string };

/** A cell's tooltip: the optional records only where the fit made them, the filters only when set. */
function cellTooltip({ detail, parameter, filter }: HeatmapView, extras: Extras): TooltipField[] {
  const of = parameter === 'shift' ? 'the shift' : 'β';
  const { minTimesSeen, maxIntervalWidth } = filter;
  const when = (on: boolean, field: TooltipField): TooltipField[] => (on ? [field] : []);
  return [
    { field: 'mutation', type: 'nominal' },
    ...placeTooltip(detail),
    { field: 'shift', type: 'quantitative', format: '.3g' },
    ...when(extras.relaxed !== undefined, {
      field: 'relaxed',
      type: 'quantitative',
      format: '.3g',
      title: 'shift refitted without the lasso',
    }),
    { field: 'beta', type: 'quantitative', format: '.3g', title: 'β' },
    { field: 'se', type: 'quantitative', format: '.2g', title: `standard error of ${of}` },
    ...when(extras.interval !== undefined, {
      field: 'interval',
      type: 'nominal',
      title: `90 % interval of ${of} (fit without the lasso)`,
    }),
    ...when(parameter === 'shift', { field: 'confident', type: 'nominal', title: 'confident' }),
    ...when(extras.selection !== undefined, {
      field: 'selected',
      type: 'quantitative',
      format: '.0%',
      title: 'selected in subsample fits',
    }),
    { field: 'times_seen', type: 'quantitative' },
    ...when(minTimesSeen > 1, {
      field: 'filteredText',
      type: 'nominal',
      title: `seen ≥ ${minTimesSeen} times`,
    }),
    ...when(extras.interval !== undefined && Number.isFinite(maxIntervalWidth), {
      field: 'widthText',
      type: 'nominal',
      title: `interval ≤ ${formatNumber(maxIntervalWidth)} wide`,
    }),
    { field: 'identifiable', type: 'nominal', title: 'identified by the data' },
  ];
}
