/**
 * The rows of the panel's mutation table: one per mutation the effect plots keep (the sliders'
 * filter, keptMask), with the value drawn for the parameter and condition on show; searched by
 * mutation, site or region, sorted by any column. Pure, so the panel and the tests share it.
 */
import type { FitDetail } from './model';
import {
  drawnValues,
  identifiedMask,
  intervalsOf,
  keptMask,
  mutationSiteIndex,
  timesSeenOf,
  type MutationFilter,
  type Parameter,
} from './specs/mutationValues';

export interface MutationRow {
  /** The mutation's index in the fit's mutations, and its site's index (−1: a bundle). */
  index: number;
  siteIndex: number;
  mutation: string;
  site: string;
  /** The site's region by the site numbering map ('' without one, or for a site it does not list). */
  region: string;
  /** The shift or β drawn (floored at zero when the filter says so). */
  value: number;
  /** The variants its value rests on, as the times_seen slider counts them (timesSeenOf). */
  timesSeen: number;
  se: number;
  /** The 90 % interval's ends (NaN without one). */
  low: number;
  high: number;
  identified: boolean;
}

export type SortKey = 'mutation' | 'site' | 'region' | 'value' | 'timesSeen' | 'se';

export function mutationRows(
  detail: FitDetail,
  parameter: Parameter,
  condition: number,
  filter: MutationFilter,
): MutationRow[] {
  const mu = detail.mutations;
  const kept = keptMask(detail, parameter, condition, filter);
  const values = drawnValues(detail, parameter, condition, filter);
  const identified = identifiedMask(detail, parameter, condition);
  const site = mutationSiteIndex(detail);
  const seen = timesSeenOf(detail, parameter, condition);
  const se = (parameter === 'shift' ? mu.seShift : mu.seBeta)[condition]!;
  const [low, high] = intervalsOf(detail, parameter, condition) ?? [undefined, undefined];
  const rows: MutationRow[] = [];
  for (let m = 0; m < mu.name.length; m++) {
    if (!kept[m]) continue;
    rows.push({
      index: m,
      siteIndex: site[m]!,
      mutation: mu.name[m]!,
      site: mu.site[m]!,
      region: detail.sites.region?.[site[m]!] ?? '',
      value: values[m]!,
      timesSeen: seen[m]!,
      se: se[m]!,
      low: low?.[m] ?? NaN,
      high: high?.[m] ?? NaN,
      identified: identified[m]!,
    });
  }
  return rows;
}

/** The rows whose mutation, site or region contains `query` (any case; blank: all). */
export function searchRows(rows: readonly MutationRow[], query: string): MutationRow[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [...rows];
  return rows.filter((r) => [r.mutation, r.site, r.region].some((text) => text.toLowerCase().includes(q)));
}

/**
 * The rows sorted by `key`, `descending` or not; values by size (|value|, the effect's
 * strength), sites in the fit's site order, NaN last either way, ties in the fit's order.
 */
export function sortRows(rows: readonly MutationRow[], key: SortKey, descending: boolean): MutationRow[] {
  const of = (r: MutationRow): number | string =>
    key === 'mutation' || key === 'region'
      ? r[key]
      : key === 'site'
        ? r.siteIndex
        : key === 'value'
          ? Math.abs(r.value)
          : r[key];
  const sign = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = of(a);
    const y = of(b);
    if (typeof x === 'number' && typeof y === 'number') {
      if (Number.isNaN(x) || Number.isNaN(y))
        return Number.isNaN(x) ? (Number.isNaN(y) ? a.index - b.index : 1) : -1;
      return sign * (x - y) || a.index - b.index;
    }
    return sign * String(x).localeCompare(String(y)) || a.index - b.index;
  });
}
