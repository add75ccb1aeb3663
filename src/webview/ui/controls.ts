/**
 * The panel's controls (web components from @vscode-elements/elements): reference condition,
 * global-epistasis model, λ list, hold-out fraction, clipping floor, ridge on β, Fit / Cancel,
 * Export and Open Results.
 * They only send requests to the host; the panel never runs numerics itself.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import { parseClipBound } from '../../core/data/clip';
import { parseLassoText } from '../../core/fit/lassoText';
import type { EpistasisName } from '../../core/model/epistasis';
import { DEFAULT_MODEL_OPTIONS } from '../../core/model/options';
import type { DatasetInfo, PanelFitRequest } from '../../protocol/panel';
import { custom, el } from './dom';

export interface ControlHandlers {
  fit(request: PanelFitRequest): void;
  cancel(): void;
  exportPlots(): void;
  openResults(): void;
}

type ValueElement = HTMLElement & { value: string };

/** What the menu says for each model (a Record, so a model added to EPISTASIS_NAMES must be named here). */
const EPISTASIS_LABELS: Record<EpistasisName, string> = {
  sigmoid: 'sigmoid (multidms default)',
  softplus: 'softplus',
  identity: 'none (additive)',
  nn: 'monotone network',
};
const EPISTASIS = Object.entries(EPISTASIS_LABELS) as [EpistasisName, string][];

function isEpistasis(value: string): value is EpistasisName {
  return Object.hasOwn(EPISTASIS_LABELS, value);
}

/**
 * The clipping floor field, read as the CLI and the settings read it (parseClipBound), with the
 * placeholder's typographic minus accepted: null for none (whatever the settings say).
 */
function clipFloor(text: string): number | 'median-stop' | null | 'invalid' {
  try {
    return parseClipBound(text.replace('−', '-'), true) ?? null;
  } catch {
    return 'invalid';
  }
}

export class Controls {
  readonly root: HTMLElement;
  private readonly reference: ValueElement;
  private readonly epistasis: ValueElement;
  private readonly lasso: ValueElement;
  private readonly holdout: ValueElement;
  private readonly clipLow: ValueElement;
  private readonly ridge: ValueElement;
  private readonly fitButton: HTMLElement;
  private readonly cancelButton: HTMLElement;
  private readonly status: HTMLElement;
  /** Whether the user chose a model here (then a dataset update does not reset it). */
  private touched = false;

  constructor(handlers: ControlHandlers) {
    this.reference = custom('vscode-single-select', {
      id: 'reference',
      'aria-label': 'reference condition',
    }) as ValueElement;
    this.epistasis = custom(
      'vscode-single-select',
      { id: 'epistasis', 'aria-label': 'global epistasis model' },
      ...EPISTASIS.map(([value, label]) => custom('vscode-option', { value }, label)),
    ) as ValueElement;
    this.lasso = custom('vscode-textfield', {
      id: 'lasso',
      placeholder: "1e-5, 5e-5, 1e-4 or 'grid 10'",
      'aria-label': 'lasso strengths',
    }) as ValueElement;
    this.holdout = custom('vscode-textfield', {
      id: 'holdout',
      type: 'number',
      min: '0',
      max: '0.9',
      step: '0.05',
      'aria-label': 'hold-out fraction',
    }) as ValueElement;
    this.clipLow = custom('vscode-textfield', {
      id: 'clip-low',
      placeholder: 'none, median-stop or −3.5',
      'aria-label': 'clip scores below',
    }) as ValueElement;
    this.ridge = custom('vscode-textfield', {
      id: 'ridge-beta',
      placeholder: String(DEFAULT_MODEL_OPTIONS.ridgeBeta),
      'aria-label': 'ridge on beta',
    }) as ValueElement;
    this.fitButton = custom('vscode-button', { id: 'fit' }, 'Fit');
    this.cancelButton = custom('vscode-button', { id: 'cancel', secondary: true, disabled: true }, 'Cancel');
    const exportButton = custom('vscode-button', { id: 'export', secondary: true }, 'Export Plots');
    const openButton = custom('vscode-button', { id: 'open-results', secondary: true }, 'Results Folder');
    this.status = el('span', { className: 'status', id: 'fit-status' });
    this.fitButton.addEventListener('click', () => {
      // Empty: the settings' λ.
      const lasso = this.lasso.value.trim() === '' ? {} : parseLassoText(this.lasso.value);
      const holdout = Number(this.holdout.value);
      const clip = clipFloor(this.clipLow.value);
      const ridgeText = this.ridge.value.trim();
      const ridge = ridgeText === '' ? undefined : Number(ridgeText);
      // Say what is wrong rather than fit with something the user did not ask for.
      const problems = [
        ...('error' in lasso ? [lasso.error] : []),
        ...(clip === 'invalid' ? ["clip below must be empty, 'median-stop' or a number"] : []),
        ...(ridge === undefined || (Number.isFinite(ridge) && ridge >= 0)
          ? []
          : ['the ridge must be a number ≥ 0']),
      ];
      if (problems.length > 0) {
        this.status.textContent = `Not fitted: ${problems.join('; ')}.`;
        return;
      }
      handlers.fit({
        ...(this.reference.value ? { reference: this.reference.value } : {}),
        ...(isEpistasis(this.epistasis.value) ? { epistasis: this.epistasis.value } : {}),
        ...('error' in lasso ? {} : lasso),
        ...(Number.isFinite(holdout) && holdout >= 0 && holdout <= 0.9 ? { holdout } : {}),
        ...(clip !== 'invalid' ? { clipLow: clip } : {}),
        ...(ridge !== undefined ? { ridgeBeta: ridge } : {}),
      });
    });
    this.epistasis.addEventListener('change', () => (this.touched = true));
    this.cancelButton.addEventListener('click', () => handlers.cancel());
    exportButton.addEventListener('click', () => handlers.exportPlots());
    openButton.addEventListener('click', () => handlers.openResults());
    const field = (label: string, control: HTMLElement) =>
      el('div', { className: 'field' }, custom('vscode-label', {}, label), control);
    this.root = el(
      'div',
      { className: 'controls' },
      field('Reference', this.reference),
      field('Global epistasis', this.epistasis),
      field('Lasso λ', this.lasso),
      field('Hold-out', this.holdout),
      field('Clip below', this.clipLow),
      field('Ridge on β', this.ridge),
      el('div', { className: 'buttons' }, this.fitButton, this.cancelButton, exportButton, openButton),
      this.status,
    );
  }

  setDataset(d: DatasetInfo): void {
    this.reference.replaceChildren(
      ...d.conditions.map((c) =>
        custom('vscode-option', { value: c, ...(c === d.reference ? { selected: true } : {}) }, c),
      ),
    );
    if (d.reference) this.reference.value = d.reference;
    if (!this.touched) this.epistasis.value = d.epistasis;
    if (!this.lasso.value) this.lasso.value = d.lasso.join(', ');
    if (!this.holdout.value) this.holdout.value = String(d.holdout);
    if (!this.clipLow.value) this.clipLow.value = d.clipLow;
    if (!this.ridge.value) this.ridge.value = String(d.ridgeBeta);
  }

  setRunning(running: boolean, detail = ''): void {
    this.fitButton.toggleAttribute('disabled', running);
    this.cancelButton.toggleAttribute('disabled', !running);
    this.status.textContent = running ? `Fitting… ${detail}` : detail;
  }
}
