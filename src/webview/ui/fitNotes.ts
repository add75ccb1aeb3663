/**
 * What a scientist needs to read before the plots of one fit: how it ended and, when it did not
 * converge, the setting to change (a link opens it in the Settings editor); its warnings; how
 * many mutations the data cannot identify (greyed out in the heatmap, left out of the site
 * sums); and the largest identified shifts.
 */
import type { AdviceOption } from '../../core/fit/stopReason';
import type { FitDetail } from '../../plots/model';
import { formatNumber, notIdentifiableText } from '../../plots/format';
import { el } from './dom';

/** Identified shifts listed per condition. */
const LISTED = 10;

export function fitNotes(d: FitDetail, openSetting: (option: AdviceOption) => void): HTMLElement {
  const parts: HTMLElement[] = [];
  const status = el('p', { className: d.converged ? 'fit-status ok' : 'fit-status warn', id: 'fit-outcome' });
  status.append(d.converged ? 'Converged.' : `Not converged — ${d.stopDetail}.`);
  if (d.advice) {
    const link = el('a', { text: d.advice.setting, title: 'open this setting' });
    link.href = '#';
    link.addEventListener('click', (e) => {
      e.preventDefault();
      openSetting(d.advice!.option);
    });
    status.append(` Next step: ${d.advice.text}: `, link, '.');
  }
  parts.push(status);
  if (d.warnings.length > 0)
    parts.push(el('ul', { className: 'warnings' }, ...d.warnings.map((w) => el('li', { text: w }))));
  const counts = d.conditions.map((c, i) => notIdentifiableText(c, d.notIdentifiable[i]!)).filter(Boolean);
  if (counts.length > 0)
    parts.push(
      el('p', {
        className: 'identifiability',
        text: `Not identifiable from the data (grey in the heatmap, left out of the site sums) — ${counts.join('; ')}.`,
      }),
    );
  const ref = d.conditions.indexOf(d.reference);
  d.conditions.forEach((c, i) => {
    const top = d.topShifts[i] ?? [];
    if (i === ref || top.length === 0) return;
    parts.push(
      el(
        'p',
        { className: 'top-shifts' },
        `Largest identified shifts in ${c}: `,
        top
          .slice(0, LISTED)
          .map((t) => `${t.mutation} ${formatNumber(t.shift)}`)
          .join(', '),
      ),
    );
  });
  return el('div', { className: 'fit-notes', id: 'fit-notes' }, ...parts);
}
