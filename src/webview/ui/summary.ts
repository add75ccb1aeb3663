/** The data summary: conditions, kept and dropped variants (dropped rows reveal in the editor), bundles. */
import type { DataSummary } from '../../core/data/prepare/summary';
import type { DroppedRow } from '../../plots/model';
import { formatNumber } from '../../plots/format';
import { el } from './dom';

export function summaryView(
  data: DataSummary,
  dropped: DroppedRow[],
  droppedTotal: number,
  reveal: (row: DroppedRow) => void,
): HTMLElement {
  const head = el(
    'tr',
    {},
    ...['condition', 'input rows', 'variants', 'kept', 'dropped', 'non-identical sites'].map((h) =>
      el('th', { text: h }),
    ),
  );
  const rows = data.conditions.map((c) =>
    el(
      'tr',
      {},
      el('td', { text: `${c.name}${c.isReference ? ' (reference)' : ''}` }),
      el('td', { text: formatNumber(c.inputRows) }),
      el('td', { text: formatNumber(c.variants) }),
      el('td', { text: formatNumber(c.kept) }),
      el('td', {
        text:
          Object.entries(c.dropped)
            .map(([k, n]) => `${formatNumber(n)} ${k}`)
            .join(', ') || '—',
      }),
      el('td', {
        text: c.bundle.length > 0 ? `${c.bundle.length}: ${c.bundle.join(' ')}` : '—',
        className: 'bundle',
      }),
    ),
  );
  const facts = el('p', {
    text: `${formatNumber(data.keptVariants)} variants, ${formatNumber(data.mutations)} mutations, ${formatNumber(data.sites)} sites; reference ${data.reference}${data.collapse !== 'none' ? `; identical variants collapsed by ${data.collapse}` : ''}.`,
  });
  const parts: HTMLElement[] = [
    facts,
    el('table', { className: 'summary' }, el('thead', {}, head), el('tbody', {}, ...rows)),
  ];
  if (droppedTotal > 0) {
    const list = el(
      'ul',
      { className: 'dropped' },
      ...dropped.map((d) => {
        const link = el('a', { text: `line ${d.line}`, title: 'show this row in the editor' });
        link.href = '#';
        link.addEventListener('click', (e) => {
          e.preventDefault();
          reveal(d);
        });
        return el(
          'li',
          {},
          link,
          ` ${d.condition}: ${d.substitutions || '(wildtype)'} — ${d.reason}: ${d.detail}`,
        );
      }),
    );
    const more = droppedTotal > dropped.length ? ` (first ${dropped.length}; all in data/dropped.csv)` : '';
    parts.push(
      el(
        'details',
        {},
        el('summary', { text: `${formatNumber(droppedTotal)} dropped variants${more}` }),
        list,
      ),
    );
  }
  return el('div', {}, ...parts);
}
