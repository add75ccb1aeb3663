/**
 * The panel's controls (web components from @vscode-elements/elements): reference condition,
 * global-epistasis model, λ list, hold-out fraction, Fit / Cancel, Export and Open Results.
 * They only send requests to the host; the panel never runs numerics itself.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import type { EpistasisName } from '../../core/model/epistasis';
import type { DatasetInfo, PanelFitRequest } from '../../protocol/panel';
import { custom, el } from './dom';

export interface ControlHandlers {
  fit(request: PanelFitRequest): void;
  cancel(): void;
  exportPlots(): void;
  openResults(): void;
}

type ValueElement = HTMLElement & { value: string };

const EPISTASIS: [EpistasisName, string][] = [
  ['sigmoid', 'sigmoid (multidms default)'],
  ['softplus', 'softplus'],
  ['identity', 'none (additive)'],
  ['nn', 'monotone network'],
];

function isEpistasis(value: string): value is EpistasisName {
  return EPISTASIS.some(([v]) => v === value);
}

export class Controls {
  readonly root: HTMLElement;
  private readonly reference: ValueElement;
  private readonly epistasis: ValueElement;
  private readonly lasso: ValueElement;
  private readonly holdout: ValueElement;
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
      placeholder: '1e-5, 5e-5, 1e-4',
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
    this.fitButton = custom('vscode-button', { id: 'fit' }, 'Fit');
    this.cancelButton = custom('vscode-button', { id: 'cancel', secondary: true, disabled: true }, 'Cancel');
    const exportButton = custom('vscode-button', { id: 'export', secondary: true }, 'Export Plots');
    const openButton = custom('vscode-button', { id: 'open-results', secondary: true }, 'Results Folder');
    this.status = el('span', { className: 'status', id: 'fit-status' });
    this.fitButton.addEventListener('click', () => {
      const lasso = this.lasso.value
        .split(/[\s,]+/)
        .filter(Boolean)
        .map(Number);
      const holdout = Number(this.holdout.value);
      handlers.fit({
        ...(this.reference.value ? { reference: this.reference.value } : {}),
        ...(isEpistasis(this.epistasis.value) ? { epistasis: this.epistasis.value } : {}),
        ...(lasso.length > 0 && lasso.every((x) => Number.isFinite(x) && x >= 0) ? { lasso } : {}),
        ...(Number.isFinite(holdout) && holdout >= 0 && holdout <= 0.9 ? { holdout } : {}),
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
  }

  setRunning(running: boolean, detail = ''): void {
    this.fitButton.toggleAttribute('disabled', running);
    this.cancelButton.toggleAttribute('disabled', !running);
    this.status.textContent = running ? `Fitting… ${detail}` : detail;
  }
}
