/**
 * A fit's per-mutation values as every plot and export reads them: the parameter shown (shift or
 * β), each mutation's site, whether the data identify it, and in how many variants it rests.
 */
import type { FitDetail } from '../model';

export type Parameter = 'shift' | 'beta';

export function parameterValues(detail: FitDetail, parameter: Parameter, condition: number): number[] {
  return parameter === 'shift' ? detail.mutations.shift[condition]! : detail.mutations.beta[condition]!;
}

/** Site index of every mutation (sites in natural order). */
export function mutationSiteIndex(detail: FitDetail): Int32Array {
  const index = new Map(detail.sites.label.map((s, i) => [s, i]));
  return Int32Array.from(detail.mutations.site, (s) => index.get(s) ?? -1);
}

/**
 * Whether the data determine each mutation's value of the parameter (identifiability.ts): its β
 * in the condition, or for a shift both its β there and in the reference.
 */
export function identifiedMask(detail: FitDetail, parameter: Parameter, condition: number): boolean[] {
  const ids = detail.mutations.identifiable;
  const ref = detail.conditions.indexOf(detail.reference);
  return ids[condition]!.map((id, m) => id === 'yes' && (parameter === 'beta' || ids[ref]![m] === 'yes'));
}

/**
 * In how many variants each mutation's value rests on: its times_seen in the condition, or for a
 * shift the fewer of the condition's and the reference's (multidms's times_seen_threshold asks
 * every condition for as many).
 */
export function timesSeenOf(detail: FitDetail, parameter: Parameter, condition: number): number[] {
  const seen = detail.mutations.timesSeen;
  const ref = detail.conditions.indexOf(detail.reference);
  return seen[condition]!.map((n, m) => (parameter === 'beta' ? n : Math.min(n, seen[ref]![m]!)));
}

/** What the effect plots leave out: grey in the heatmap, and out of the site statistic. */
export interface MutationFilter {
  /** Mutations whose value rests on fewer variants (timesSeenOf). */
  minTimesSeen: number;
  /**
   * Mutations whose 90 % interval of the parameter (intervals.ts) is wider; Infinity keeps all.
   * Mutations without an interval are kept: identifiedMask speaks for them.
   */
  maxIntervalWidth: number;
  /**
   * Draw negative values as 0 (polyclonal's floor_at_zero): for reading gains alone, e.g. the
   * shifts that raise function in a background. The tooltips keep the fitted value.
   */
  floorAtZero?: boolean;
}

export const NO_FILTER: MutationFilter = { minTimesSeen: 0, maxIntervalWidth: Infinity };

/** The values the effect plots draw: parameterValues, floored at zero when the filter asks. */
export function drawnValues(
  detail: FitDetail,
  parameter: Parameter,
  condition: number,
  filter: MutationFilter,
): number[] {
  const values = parameterValues(detail, parameter, condition);
  return filter.floorAtZero ? values.map((v) => Math.max(0, v)) : values;
}

/** Each mutation's 90 % interval of the parameter, as [low, high] lists; undefined without intervals. */
export function intervalsOf(
  detail: FitDetail,
  parameter: Parameter,
  condition: number,
): [number[], number[]] | undefined {
  const mu = detail.mutations;
  const [low, high] =
    parameter === 'shift'
      ? [mu.shiftLow?.[condition], mu.shiftHigh?.[condition]]
      : [mu.betaLow?.[condition], mu.betaHigh?.[condition]];
  return low && high && low.some((v) => Number.isFinite(v)) ? [low, high] : undefined;
}

/** Width of each mutation's 90 % interval of the parameter (NaN: none). */
export function intervalWidthOf(detail: FitDetail, parameter: Parameter, condition: number): number[] {
  const iv = intervalsOf(detail, parameter, condition);
  return parameterValues(detail, parameter, condition).map((_, m) => (iv ? iv[1][m]! - iv[0][m]! : NaN));
}

/** Whether `filter` keeps each mutation (identification aside). */
export function keptMask(
  detail: FitDetail,
  parameter: Parameter,
  condition: number,
  filter: MutationFilter,
): boolean[] {
  const seen = timesSeenOf(detail, parameter, condition);
  const width = intervalWidthOf(detail, parameter, condition);
  return seen.map((n, m) => n >= filter.minTimesSeen && !(width[m]! > filter.maxIntervalWidth));
}

/**
 * Where site index `s` lies by the site numbering map, for tooltips and tables: its region and
 * sequential site ("V1 loop, sequential 142"); undefined when the fit had no map.
 */
export function siteNumberText(detail: FitDetail, s: number): string | undefined {
  const { sequential, region } = detail.sites;
  if (!sequential || !region) return undefined;
  const n = sequential[s];
  if (n === null || n === undefined) return 'not in the site numbering map';
  return region[s] ? `${region[s]}, sequential ${n}` : `sequential ${n}`;
}
