/**
 * The "Interactions" section: asks the host for the interaction spectrum of the fit on show
 * over chosen sites, and draws the answer — variance by interaction order, pairwise energies,
 * the sparsity–ruggedness plane and the largest Fourier coefficients. Numerics run in the
 * host's helper process; this only renders.
 */
import type { SpectrumResult } from '../../core/spectrum/spectrum';
import type { FitDetail } from '../../plots/model';
import { orderEnergySpec, orderKind, pairEnergySpec, planeSpec } from '../../plots/specs/spectrumPlots';
import { siteStatistic } from '../../plots/specs/siteStatistic';
import type { SpectrumRequest } from '../../protocol/spectrum';
import { show } from '../embed';
import { formatNumber } from '../../plots/format';
import { custom, el, section } from './dom';
import type { FitId } from '../../core/io/resultsLayout';

type ValueElement = HTMLElement & { value: string; checked?: boolean };

/** Sites suggested for a new fit: the three with the largest summed |shift| (|β| with one condition). */
export function suggestedSites(d: FitDetail, count = 3): string[] {
  const ref = d.conditions.indexOf(d.reference);
  const other = d.conditions.findIndex((_, i) => i !== ref);
  const sums = siteStatistic(d, other >= 0 ? 'shift' : 'beta', other >= 0 ? other : ref);
  return [...sums.keys()]
    .sort((a, b) => sums[b]! - sums[a]!)
    .slice(0, count)
    .sort((a, b) => a - b)
    .map((i) => d.sites.label[i]!);
}

export class InteractionsView {
  readonly root: HTMLElement;
  private readonly body: HTMLElement;
  private readonly sites: ValueElement;
  private readonly scale: ValueElement;
  private readonly binary: ValueElement;
  private readonly status: HTMLElement;
  private readonly plots: HTMLElement[];
  private readonly table: HTMLElement;
  private fit: FitId | undefined;
  private last: SpectrumResult | undefined;

  constructor(request: (fit: FitId, r: SpectrumRequest) => void) {
    const s = section('interactions', 'Interactions (Fourier spectrum of the fitted landscape)');
    this.root = s.root;
    this.body = s.body;
    this.sites = custom('vscode-textfield', {
      id: 'spectrum-sites',
      placeholder: '498, 501, 505',
      'aria-label': 'sites',
    }) as ValueElement;
    this.scale = custom(
      'vscode-single-select',
      { id: 'spectrum-scale', 'aria-label': 'scale' },
      custom('vscode-option', { value: 'observed' }, 'observed score'),
      custom('vscode-option', { value: 'latent' }, 'latent phenotype'),
    ) as ValueElement;
    this.binary = custom('vscode-checkbox', { id: 'spectrum-binary' }, 'binary view') as ValueElement;
    const analyse = custom('vscode-button', { id: 'spectrum-run' }, 'Analyse');
    this.status = el('p', { className: 'status', id: 'spectrum-status' });
    this.plots = ['plot-spectrum-orders', 'plot-spectrum-pairs', 'plot-spectrum-plane'].map((id) =>
      el('div', { className: 'plot', id }),
    );
    this.table = el('div', { id: 'spectrum-top' });
    analyse.addEventListener('click', () => {
      const sites = this.sites.value
        .split(/[\s,]+/)
        .map((x) => x.trim())
        .filter(Boolean);
      if (!this.fit || sites.length === 0) {
        this.status.textContent = 'Choose one or more sites of the fit on show.';
        return;
      }
      this.status.textContent = `Analysing ${sites.length} site(s)…`;
      request(this.fit, {
        sites,
        scale: this.scale.value === 'latent' ? 'latent' : 'observed',
        binary: this.binary.checked === true,
      });
    });
    this.body.append(
      el(
        'p',
        { className: 'hint' },
        'Every combination of the states at the chosen sites, all other sites at wildtype. The fitted model is additive in the latent phenotype, so any variance above order 1 is non-specific epistasis created by the global-epistasis function g.',
      ),
      el(
        'div',
        { className: 'selectors' },
        el('label', {}, 'Sites ', this.sites),
        this.scale,
        this.binary,
        analyse,
      ),
      this.status,
      ...this.plots,
      this.table,
    );
    this.root.hidden = true;
  }

  /** The fit on show: spectra are computed for it; a first fit suggests sites. */
  setFit(d: FitDetail): void {
    this.fit = d.id;
    this.root.hidden = false;
    if (!this.sites.value) this.sites.value = suggestedSites(d).join(', ');
  }

  async show(result: SpectrumResult | null | undefined, error?: string): Promise<void> {
    if (!result) {
      if (error) this.status.textContent = `Could not analyse: ${error}`;
      return;
    }
    this.last = result;
    this.root.hidden = false;
    const first = result.conditions[0];
    this.status.textContent = first
      ? `${first.points.toLocaleString('en-US')} sequences per condition (${first.sites.map((s) => `${s.site}: ${s.letters.length} states`).join(', ')}); ${result.notes.join(' ')}`
      : '';
    await show('spectrum-orders', this.plots[0]!, orderEnergySpec(result));
    await show('spectrum-pairs', this.plots[1]!, pairEnergySpec(result));
    await show('spectrum-plane', this.plots[2]!, planeSpec(result));
    this.table.replaceChildren(topTable(result));
  }

  /** Draws the last spectrum again (after a theme change). */
  redraw(): Promise<void> {
    return this.show(this.last);
  }
}

function topTable(result: SpectrumResult): HTMLElement {
  const head = el(
    'tr',
    {},
    ...['condition', 'sites', 'frequencies', 'order', '|F|', 'share of variance'].map((h) =>
      el('th', { text: h }),
    ),
  );
  const rows = result.conditions.flatMap((c) =>
    c.top
      .slice(0, 10)
      .map((t) =>
        el(
          'tr',
          {},
          el('td', { text: c.condition }),
          el('td', { text: t.sites.join(' ') }),
          el('td', { text: t.frequency.join(' ') }),
          el('td', { text: `${t.order} (${orderKind(t.order)})` }),
          el('td', { text: formatNumber(t.magnitude) }),
          el('td', { text: `${(100 * t.share).toFixed(2)}%` }),
        ),
      ),
  );
  return el(
    'details',
    {},
    el('summary', { text: 'Largest coefficients (one per conjugate pair)' }),
    el('table', { className: 'summary' }, el('thead', {}, head), el('tbody', {}, ...rows)),
  );
}
