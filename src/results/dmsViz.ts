/**
 * A fit as a dms-viz dataset (https://dms-viz.github.io), so a user can look at their shifts or
 * effects on a protein structure. The format is what configure_dms_viz writes: a JSON object
 * with one experiment per name, holding `mut_metric_df` (one record per mutation and condition),
 * `sitemap` (reference site → sequential site, protein site, chains), the metric and condition
 * columns, `conditions` with their colours, the heatmap's `alphabet`, the structure (`pdb`: an
 * RCSB ID or a PDB file's text), slider filters (`filter_cols`, `filter_limits`) and tooltips.
 *
 * Mutations the data cannot identify (identifiability.ts) are left out, as are tied bundles of
 * several substitutions (they have no one site to draw); the caller is told how many.
 */
import { formatNumber } from '../plots/format';
import type { FitDetail } from '../plots/model';
import {
  identifiedMask,
  mutationSiteIndex,
  parameterValues,
  type Parameter,
} from '../plots/specs/mutationValues';

/** What a dataset shows: each shift from the reference (default) or each condition's β. */
export type DmsVizMetric = Parameter;

export interface DmsVizOptions {
  /** The experiment's name (the JSON's top-level key and the plot's title). */
  name: string;
  /** An RCSB PDB ID such as 7TL9, or the text of a PDB file. */
  pdb: string;
  metric: DmsVizMetric;
  /** Chains the data map onto ('polymer': all) and chains hidden from the structure ('none'). */
  includedChains: string;
  excludedChains: string;
  /** The times_seen slider's starting value, as the dms-vep pipeline sets it (default 2). */
  timesSeen: number;
}

export const DMS_VIZ_DEFAULTS = {
  metric: 'shift',
  includedChains: 'polymer',
  excludedChains: 'none',
  timesSeen: 2,
} as const satisfies Partial<DmsVizOptions>;

/** dms-viz's own heatmap alphabet; letters outside it (none in our data) are appended. */
const DMS_VIZ_ALPHABET = 'RKHDEQNSTYWFAILMVGPC-*';

/** The times_seen slider's top, as in the dms-vep pipeline (1–25). */
const TIMES_SEEN_MAX = 25;

/** Okabe–Ito colours (colour-blind safe), dms-viz's first two among them; repeated past eight. */
const CONDITION_COLOURS = [
  '#0072B2',
  '#CC79A7',
  '#009E73',
  '#E69F00',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
];

type Row = Record<string, string | number>;

export interface DmsVizExperiment {
  mut_metric_df: Row[];
  sitemap: Record<string, { sequential_site: number; protein_site: string | number; chains: string }>;
  metric_col: string;
  condition_col: string;
  conditions: string[];
  condition_colors: Record<string, string>;
  negative_condition_colors: null;
  alphabet: string[];
  pdb: string;
  dataChains: string[];
  excludeChains: string[];
  filter_cols: Record<string, string>;
  filter_limits: Record<string, [number, number, number]>;
  heatmap_limits: null;
  tooltip_cols: Record<string, string>;
  excludedAminoAcids: null;
  description: string;
  title: string;
  floor: boolean;
  summary_stat: null;
}

export interface DmsVizExport {
  json: Record<string, DmsVizExperiment>;
  /** Mutation × condition records written, and those left out (unidentified; bundles). */
  rows: number;
  unidentified: number;
  bundles: number;
}

/** A site label as dms-viz keys it: a number when it is one (484), else the text (184a). */
function siteValue(label: string): string | number {
  return /^-?\d+$/.test(label) ? Number(label) : label;
}

/** [min, start, max] of a slider over `values`, or undefined when they do not vary. */
function sliderLimits(values: number[], start: number, top: number): [number, number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  hi = Math.min(hi, top);
  if (!(lo < hi)) return undefined;
  return [lo, Math.min(Math.max(start, lo), hi), hi];
}

/**
 * Each site's sequential number for dms-viz's site axis: the site numbering map's, where the fit
 * had one; else (and for sites the map does not list, after its last) the position in site order.
 */
function sequentialSites(detail: FitDetail): number[] {
  const mapped = detail.sites.sequential;
  let next = Math.max(0, ...(mapped ?? []).map((n) => n ?? 0)) + 1;
  return detail.sites.label.map((_, k) => (mapped ? (mapped[k] ?? next++) : k + 1));
}

export function dmsVizExport(detail: FitDetail, o: DmsVizOptions): DmsVizExport {
  const mu = detail.mutations;
  const ref = detail.conditions.indexOf(detail.reference);
  const shown = detail.conditions.flatMap((c, d) => (o.metric === 'beta' || d !== ref ? [d] : []));
  const seOf = o.metric === 'shift' ? mu.seShift : mu.seBeta;
  const rows: Row[] = [];
  // Per row written: its standard error and selection frequency (NaN: none), columns only when
  // every row written has one.
  const se: number[] = [];
  const selected: number[] = [];
  let unidentified = 0;
  let bundles = 0;
  const letters = new Set(DMS_VIZ_ALPHABET);
  const extra = new Set<string>();
  // As the panel's plots read them: a shift is identified where both its βs are, and a tied
  // bundle of substitutions has no one site.
  const known = shown.map((d) => identifiedMask(detail, o.metric, d));
  const values = shown.map((d) => parameterValues(detail, o.metric, d));
  const site = mutationSiteIndex(detail);
  for (let m = 0; m < mu.name.length; m++) {
    if (site[m]! < 0) {
      bundles += shown.length;
      continue;
    }
    for (const [k, d] of shown.entries()) {
      if (!known[k]![m]) {
        unidentified++;
        continue;
      }
      const row: Row = {
        reference_site: siteValue(mu.site[m]!),
        wildtype: mu.wt[m]!,
        mutant: mu.mut[m]!,
        condition: detail.conditions[d]!,
        [o.metric]: values[k]![m]!,
        times_seen: mu.timesSeen[d]![m]!,
      };
      if (o.metric === 'shift') row.beta = mu.beta[d]![m]!;
      if (detail.sites.region) row.region = detail.sites.region[site[m]!]!;
      se.push(seOf[d]?.[m] ?? NaN);
      selected.push(o.metric === 'shift' ? (mu.selection?.[d]?.[m] ?? NaN) : NaN);
      for (const a of [mu.wt[m]!, mu.mut[m]!]) if (!letters.has(a)) extra.add(a);
      rows.push(row);
    }
  }
  const everyRow = (a: number[]) => rows.length > 0 && a.every(Number.isFinite);
  const withSe = everyRow(se);
  const withSelection = everyRow(selected);
  rows.forEach((row, k) => {
    if (withSe) row.standard_error = se[k]!;
    if (withSelection) row.selection_frequency = selected[k]!;
  });
  const conditions = shown.map((d) => detail.conditions[d]!).sort();
  // Sliders over the data's own range (dms-viz resets limits beyond it); none where nothing varies.
  const filterCols: Record<string, string> = {};
  const filterLimits: Record<string, [number, number, number]> = {};
  const slider = (col: string, label: string, start: number, top: number) => {
    const limits = sliderLimits(
      rows.map((r) => r[col] as number),
      start,
      top,
    );
    if (!limits) return;
    filterCols[col] = label;
    filterLimits[col] = limits;
  };
  slider('times_seen', 'Times seen', o.timesSeen, TIMES_SEEN_MAX);
  if (withSelection) slider('selection_frequency', 'Selection frequency', 0, 1);
  const tooltips: Record<string, string> = { times_seen: 'Times seen' };
  if (o.metric === 'shift') tooltips.beta = 'Mutation effect (β) in condition';
  if (withSe) tooltips.standard_error = 'Standard error';
  if (withSelection) tooltips.selection_frequency = 'Selection frequency';
  if (detail.sites.region) tooltips.region = 'Region';
  const sequential = sequentialSites(detail);
  const sitemap: DmsVizExperiment['sitemap'] = {};
  detail.sites.label.forEach((label, k) => {
    sitemap[label] = {
      sequential_site: sequential[k]!,
      protein_site: siteValue(label),
      chains: o.includedChains,
    };
  });
  const what = o.metric === 'shift' ? `shifts from ${detail.reference}` : 'mutation effects (β)';
  const experiment: DmsVizExperiment = {
    mut_metric_df: rows,
    sitemap,
    metric_col: o.metric,
    condition_col: 'condition',
    conditions,
    condition_colors: Object.fromEntries(conditions.map((c, k) => [c, CONDITION_COLOURS[k % 8]!])),
    negative_condition_colors: null,
    alphabet: [...DMS_VIZ_ALPHABET, ...[...extra].sort()],
    pdb: o.pdb,
    dataChains: o.includedChains.split(/\s+/).filter(Boolean),
    excludeChains: o.excludedChains.split(/\s+/).filter(Boolean),
    filter_cols: filterCols,
    filter_limits: filterLimits,
    heatmap_limits: null,
    tooltip_cols: tooltips,
    excludedAminoAcids: null,
    description:
      `DMS Fit (multidms model): ${what}, λ = ${formatNumber(detail.lambda)}` +
      `${detail.replicate ? `, replicate ${detail.replicate}` : ''}, ` +
      `${detail.converged ? 'converged' : 'NOT converged'}.`,
    title: o.name,
    // Shifts and effects run both ways: a floor at zero would hide half of them.
    floor: false,
    summary_stat: null,
  };
  return { json: { [o.name]: experiment }, rows: rows.length, unidentified, bundles };
}
