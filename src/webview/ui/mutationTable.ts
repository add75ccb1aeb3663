/**
 * The mutation table under the heatmap: the mutations the sliders keep, for the parameter and
 * condition on show, searchable by mutation, site or region and sortable by any column (click a
 * header, click again to reverse). Clicking a row (or Enter on it) picks that mutation: the panel
 * moves the heatmap's window to its site and outlines its cell. The first MAX_ROWS rows are
 * drawn; the count line says how many match.
 */
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { formatNumber } from '../../plots/format';
import type { FitDetail } from '../../plots/model';
import { mutationRows, searchRows, sortRows, type MutationRow, type SortKey } from '../../plots/mutationRows';
import type { MutationFilter, Parameter } from '../../plots/specs/mutationValues';
import { custom, el } from './dom';

/** Rows drawn at once: enough to read, few enough to stay quick on a spike's 12,000 mutations. */
export const MAX_ROWS = 200;

const COLUMNS: { key: SortKey; title: (p: Parameter) => string; numbered?: true }[] = [
  { key: 'mutation', title: () => 'mutation' },
  { key: 'site', title: () => 'site' },
  { key: 'region', title: () => 'region', numbered: true },
  { key: 'value', title: (p) => (p === 'shift' ? 'shift' : 'β') },
  { key: 'timesSeen', title: () => 'times seen' },
  { key: 'se', title: () => 'standard error' },
];

export class MutationTable {
  readonly root: HTMLElement;
  private readonly search = custom('vscode-textfield', {
    id: 'mutation-search',
    placeholder: 'search mutation, site or region',
    'aria-label': 'search mutations by name, site or region',
  }) as HTMLElement & { value: string };
  private readonly count = el('span', { className: 'count', id: 'mutation-count' });
  private readonly table = el('table', { className: 'mutations', id: 'mutation-table' });
  private rows: MutationRow[] = [];
  private parameter: Parameter = 'shift';
  private withIntervals = false;
  /** Whether the fit had a site numbering map (then the table has a region column). */
  private numbered = false;
  private sortKey: SortKey = 'value';
  private descending = true;
  private picked: number | undefined;

  constructor(private readonly onPick: (row: MutationRow) => void) {
    this.root = el(
      'div',
      { className: 'mutation-table' },
      el('div', { className: 'selectors' }, this.search, this.count),
      this.table,
    );
    this.search.addEventListener('input', () => this.draw());
  }

  /** The rows of the fit on show, as the effect plots draw it; the pick stays if still listed. */
  show(detail: FitDetail, parameter: Parameter, condition: number, filter: MutationFilter): void {
    this.rows = mutationRows(detail, parameter, condition, filter);
    this.parameter = parameter;
    this.withIntervals = this.rows.some((r) => Number.isFinite(r.low));
    this.numbered = detail.sites.region !== undefined;
    this.draw();
  }

  private draw(): void {
    const matching = sortRows(searchRows(this.rows, this.search.value ?? ''), this.sortKey, this.descending);
    const shown = matching.slice(0, MAX_ROWS);
    this.count.textContent =
      `${matching.length.toLocaleString('en-US')} of ${this.rows.length.toLocaleString('en-US')} mutations` +
      (matching.length > shown.length ? `; the first ${MAX_ROWS} by this order are listed` : '');
    const header = el(
      'tr',
      {},
      ...COLUMNS.filter((c) => this.numbered || !c.numbered).map(({ key, title }) => {
        const arrow = key === this.sortKey ? (this.descending ? ' ▼' : ' ▲') : '';
        const th = el('th', { text: `${title(this.parameter)}${arrow}`, title: 'sort by this column' });
        th.tabIndex = 0;
        th.setAttribute(
          'aria-sort',
          key === this.sortKey ? (this.descending ? 'descending' : 'ascending') : 'none',
        );
        const sort = () => {
          this.descending = key === this.sortKey ? !this.descending : key === 'value' || key === 'timesSeen';
          this.sortKey = key;
          this.draw();
        };
        th.addEventListener('click', sort);
        th.addEventListener('keydown', (e) => e.key === 'Enter' && sort());
        return th;
      }),
      ...(this.withIntervals ? [el('th', { text: '90 % interval' })] : []),
      el('th', { text: 'identified' }),
    );
    const body = shown.map((r) => {
      const tr = el(
        'tr',
        { className: r.index === this.picked ? 'picked' : '' },
        el('td', { text: r.mutation }),
        el('td', { text: r.site }),
        ...(this.numbered ? [el('td', { text: r.region })] : []),
        el('td', { text: formatNumber(r.value) }),
        el('td', { text: String(r.timesSeen) }),
        el('td', { text: Number.isFinite(r.se) ? formatNumber(r.se) : '—' }),
        ...(this.withIntervals
          ? [
              el('td', {
                text: Number.isFinite(r.low) ? `${formatNumber(r.low)} to ${formatNumber(r.high)}` : '—',
              }),
            ]
          : []),
        el('td', { text: r.identified ? 'yes' : 'no' }),
      );
      tr.tabIndex = 0;
      const pick = () => {
        this.picked = r.index;
        this.onPick(r);
        this.draw();
      };
      tr.addEventListener('click', pick);
      tr.addEventListener('keydown', (e) => e.key === 'Enter' && pick());
      return tr;
    });
    this.table.replaceChildren(el('thead', {}, header), el('tbody', {}, ...body));
  }
}
