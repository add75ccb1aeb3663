/**
 * What the site chart plots per site, as polyclonal's and multidms's lineplot_and_heatmap offer:
 * the sum, mean, largest or smallest of the mutations' shift (or β) at the site, or of its
 * absolute value. Over the identified mutations the panel's filter keeps (times seen, interval
 * width: mutationValues.ts MutationFilter), as the heatmap colours them; a site with none counts 0.
 */
import type { FitDetail } from '../model';
import {
  identifiedMask,
  keptMask,
  mutationSiteIndex,
  NO_FILTER,
  drawnValues,
  type MutationFilter,
  type Parameter,
} from './mutationValues';

export const SITE_STATISTICS = ['sum-abs', 'mean-abs', 'max-abs', 'sum', 'mean', 'max', 'min'] as const;
export type SiteStatistic = (typeof SITE_STATISTICS)[number];

/** The panel's default, and what the chart showed before there was a choice. */
export const DEFAULT_SITE_STATISTIC: SiteStatistic = 'sum-abs';

/** A statistic's two parts: what it takes of the values (sum, mean, max, min), and whether of |value|. */
function parts(stat: SiteStatistic): { kind: 'sum' | 'mean' | 'max' | 'min'; abs: boolean } {
  return { kind: stat.replace('-abs', '') as 'sum' | 'mean' | 'max' | 'min', abs: stat.endsWith('-abs') };
}

/** How the statistic reads in a menu, a title ("Summed |shift|") and an axis ("Σ|shift|"). */
export function siteStatisticText(stat: SiteStatistic, parameter: string): { title: string; axis: string } {
  const { kind, abs } = parts(stat);
  const of = abs ? `|${parameter}|` : parameter;
  const title = { sum: 'Summed', mean: 'Mean', max: 'Largest', min: 'Smallest' }[kind];
  const axis = { sum: abs ? 'Σ' : 'Σ ', mean: 'mean ', max: 'max ', min: 'min ' }[kind];
  return { title: `${title} ${of}`, axis: `${axis}${of}` };
}

export function siteStatistic(
  detail: FitDetail,
  parameter: Parameter,
  condition: number,
  filter: MutationFilter = NO_FILTER,
  stat: SiteStatistic = DEFAULT_SITE_STATISTIC,
): Float64Array {
  const values = drawnValues(detail, parameter, condition, filter);
  const identified = identifiedMask(detail, parameter, condition);
  const kept = keptMask(detail, parameter, condition, filter);
  const site = mutationSiteIndex(detail);
  const S = detail.sites.label.length;
  const { kind, abs } = parts(stat);
  const acc = new Float64Array(S).fill(kind === 'max' ? -Infinity : kind === 'min' ? Infinity : 0);
  const count = new Uint32Array(S);
  values.forEach((raw, m) => {
    const s = site[m]!;
    if (s < 0 || !identified[m] || !kept[m]) return;
    const v = abs ? Math.abs(raw) : raw;
    count[s]!++;
    if (kind === 'max') acc[s] = Math.max(acc[s]!, v);
    else if (kind === 'min') acc[s] = Math.min(acc[s]!, v);
    else acc[s]! += v;
  });
  return acc.map((v, s) => (count[s] === 0 ? 0 : kind === 'mean' ? v / count[s]! : v));
}
