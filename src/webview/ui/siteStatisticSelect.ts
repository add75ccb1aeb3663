/**
 * The site chart's statistic (siteStatistic.ts): sum, mean, largest or smallest of each site's
 * effects or of their absolute values, as the field's lineplot_and_heatmap offers. Kept in the
 * panel's state; only the site chart redraws.
 */
import {
  DEFAULT_SITE_STATISTIC,
  SITE_STATISTICS,
  siteStatisticText,
  type SiteStatistic,
} from '../../plots/specs/siteStatistic';
import { custom } from './dom';

export function siteStatisticSelect(
  saved: SiteStatistic | undefined,
  changed: (stat: SiteStatistic) => void,
): { root: HTMLElement; value: () => SiteStatistic } {
  let current: SiteStatistic = saved && SITE_STATISTICS.includes(saved) ? saved : DEFAULT_SITE_STATISTIC;
  const select = custom(
    'vscode-single-select',
    { id: 'site-statistic', 'aria-label': 'site statistic', title: 'what the site chart plots per site' },
    ...SITE_STATISTICS.map((s) => custom('vscode-option', { value: s }, siteStatisticText(s, 'effect').axis)),
  ) as HTMLElement & { value: string };
  select.value = current;
  select.addEventListener('change', () => {
    current = (SITE_STATISTICS as readonly string[]).includes(select.value)
      ? (select.value as SiteStatistic)
      : DEFAULT_SITE_STATISTIC;
    changed(current);
  });
  return { root: select, value: () => current };
}
