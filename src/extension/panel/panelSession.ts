/**
 * What one panel shows and asks for: the data file's summary, the results folder beside it,
 * live fit events, and the panel's requests (fit, cancel, load a fit, reveal a row, export).
 * Only reads files; all numerics and rendering happen elsewhere (core, fitter processes, webview).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { writeFileAtomically } from '../../core/io/atomicDir';
import type { PanelToHost } from '../../protocol/panel';
import { readResultsIndex } from '../../results/readResults';
import { readFitDetail } from '../../results/readFitDetail';
import { fitOutcome } from '../../jobs/fitOutcome';
import { resultsFolder, type FitEvent, type FitManager } from '../fitManager';
import type { HelperProcess } from '../helperProcess';
import { readSettings, type ChoiceStore } from '../settings';
import type { DataPanel } from './dataPanel';

/** Variants per condition drawn in the panel's scatter plots (quick to paint; the report draws more). */
const PANEL_VARIANTS = 1000;
/** How long Export Plots waits for the panel's PNGs (about 0.1–0.5 s per plot is typical). */
const PNG_TIMEOUT_MS = 60_000;

export class PanelSession implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private pendingPng: ((files: { name: string; dataUrl: string }[]) => void) | undefined;
  private reloadTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly panel: DataPanel,
    private readonly fits: FitManager,
    private readonly helper: HelperProcess,
    private readonly choices: ChoiceStore,
    private readonly log: (line: string) => void,
  ) {
    this.disposables.push(
      this.fits.onEvent((e) => this.onFitEvent(e)),
      // However the fit was started (here, the explorer, the palette), the status says how it ended.
      this.fits.onEnded(({ dataUri, result }) => {
        if (dataUri.toString() === this.dataUri.toString())
          this.panel.post({ type: 'fit-state', running: false, outcome: fitOutcome(result) });
      }),
    );
  }

  get dataUri(): vscode.Uri {
    return this.panel.dataUri;
  }

  /** Everything a (re)loaded webview needs. */
  async refresh(): Promise<void> {
    await Promise.all([this.sendDataset(), this.sendResults()]);
    this.panel.post({ type: 'fit-state', running: this.fits.isFitting(this.dataUri) });
  }

  private async sendDataset(): Promise<void> {
    const uri = this.dataUri;
    const fileName = vscode.workspace.asRelativePath(uri, false);
    const s = readSettings(uri);
    const base = {
      dataUri: uri.toString(),
      fileName,
      epistasis: s.model.epistasis,
      lasso: s.lasso,
      holdout: s.holdout,
      clipLow: s.data.clip.low === undefined ? '' : String(s.data.clip.low),
      ridgeBeta: s.model.ridgeBeta,
    };
    try {
      const v = await this.helper.validate([{ path: uri.fsPath }], { ...s.data, reference: undefined });
      const reference = s.data.reference ?? this.choices.get(uri).reference;
      this.panel.post({
        type: 'dataset',
        dataset: { ...base, rows: v.rows, conditions: v.conditions, ...(reference ? { reference } : {}) },
      });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      this.log(`Could not read ${fileName}: ${error}`);
      this.panel.post({ type: 'dataset', dataset: { ...base, rows: null, error, conditions: [] } });
    }
  }

  private async sendResults(): Promise<void> {
    const index = await readResultsIndex(resultsFolder(this.dataUri).fsPath).catch((err: unknown) => {
      this.log(`Could not read results of ${this.dataUri.fsPath}: ${String(err)}`);
      return undefined;
    });
    this.panel.post({ type: 'results', index: index ?? null });
  }

  private onFitEvent(e: FitEvent): void {
    if (e.dataUri.toString() !== this.dataUri.toString()) return;
    this.panel.post({ type: 'fit-event', job: e.job, message: e.message });
    if (e.message.type === 'done' || (e.message.type === 'error' && e.message.id === undefined)) {
      // Results are committed after the last job ends; reload once the fit has finished.
      clearTimeout(this.reloadTimer);
      this.reloadTimer = setTimeout(() => {
        if (!this.fits.isFitting(this.dataUri)) {
          this.panel.post({ type: 'fit-state', running: false });
          void this.sendResults();
        }
      }, 200);
    } else if (e.message.type === 'prepared') this.panel.post({ type: 'fit-state', running: true });
  }

  async handle(message: PanelToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        return this.refresh();
      case 'fit': {
        const { reference, epistasis, lasso, lassoGrid, holdout, clipLow, ridgeBeta } = message.options;
        if (reference) await this.choices.set(this.dataUri, { reference });
        this.panel.post({ type: 'fit-state', running: true });
        await vscode.commands.executeCommand('dmsfit.fitDataset', this.dataUri, {
          ...(reference ? { reference } : {}),
          ...(epistasis ? { epistasis } : {}),
          ...(lasso ? { lasso } : {}),
          ...(lassoGrid ? { lassoGrid } : {}),
          ...(holdout !== undefined ? { holdout } : {}),
          ...(clipLow !== undefined ? { clipLow } : {}),
          ...(ridgeBeta !== undefined ? { ridgeBeta } : {}),
        });
        this.panel.post({ type: 'fit-state', running: this.fits.isFitting(this.dataUri) });
        return;
      }
      case 'cancel':
        return this.fits.cancel(this.dataUri);
      case 'open-setting':
        await vscode.commands.executeCommand('workbench.action.openSettings', `dmsfit.${message.option}`);
        return;
      case 'load-fit': {
        const detail = await readFitDetail(resultsFolder(this.dataUri).fsPath, message.fit, PANEL_VARIANTS);
        if (detail) this.panel.post({ type: 'fit-detail', detail });
        return;
      }
      case 'reveal':
        return this.reveal(message.file, message.line);
      case 'open-results':
        await vscode.commands.executeCommand('dmsfit.openResultsFolder', this.dataUri);
        return;
      case 'export':
        await vscode.commands.executeCommand('dmsfit.exportPlots', this.dataUri);
        return;
      case 'copy':
        await vscode.env.clipboard.writeText(message.text);
        vscode.window.setStatusBarMessage('DMS Fit: command copied', 3000);
        return;
      case 'spectrum': {
        try {
          const { result } = await this.helper.spectrum(
            resultsFolder(this.dataUri).fsPath,
            message.fit,
            message.request,
          );
          this.panel.post({ type: 'spectrum', result });
        } catch (err) {
          this.panel.post({
            type: 'spectrum',
            result: null,
            error: err instanceof Error ? err.message : String(err),
          });
        }
        return;
      }
      case 'png-files':
        this.pendingPng?.(message.files);
        this.pendingPng = undefined;
        return;
      default: {
        const never: never = message;
        throw new Error(`unhandled panel message ${JSON.stringify(never)}`);
      }
    }
  }

  /** Opens a data row in the editor — only for this dataset's own file. */
  private async reveal(file: string, line: number): Promise<void> {
    if (path.resolve(file) !== path.resolve(this.dataUri.fsPath)) {
      this.log(`panel asked to reveal ${file}, which is not this panel's data file; ignored`);
      return;
    }
    const editor = await vscode.window.showTextDocument(this.dataUri, {
      viewColumn: vscode.ViewColumn.One,
      preview: false,
    });
    const pos = new vscode.Position(Math.min(line - 1, editor.document.lineCount - 1), 0);
    editor.selection = new vscode.Selection(pos, editor.document.lineAt(pos.line).range.end);
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenter);
  }

  /**
   * report.html, the SVG plots (drawn by the helper) and their PNGs (drawn by the panel);
   * `progress` hears the fraction done and what is being drawn.
   */
  async export(
    progress: (fraction: number, what: string) => void = () => undefined,
  ): Promise<{ report: string; files: number }> {
    const folder = resultsFolder(this.dataUri).fsPath;
    const title = `DMS Fit — ${path.basename(this.dataUri.fsPath)}`;
    // The SVGs are most of the time: 80 % of the bar, plot by plot; the PNGs the rest.
    const { report, plots, specs } = await this.helper.report(folder, title, (done, total, name) =>
      progress((0.8 * done) / Math.max(1, total), `plot ${done + 1} of ${total}: ${name}`),
    );
    progress(0.8, `drawing ${specs.length} PNG plots in the panel`);
    const pngs = await new Promise<{ name: string; dataUrl: string }[]>((resolve) => {
      const timer = setTimeout(() => {
        this.log(`the panel drew no PNGs within ${PNG_TIMEOUT_MS / 1000} s; exported SVG only`);
        this.pendingPng = undefined;
        resolve([]);
      }, PNG_TIMEOUT_MS);
      this.pendingPng = (files) => {
        clearTimeout(timer);
        resolve(files);
      };
      this.panel.post({ type: 'export-png', plots: specs });
    });
    for (const png of pngs) {
      const bytes = Buffer.from(png.dataUrl.slice('data:image/png;base64,'.length), 'base64');
      await writeFileAtomically(path.join(folder, 'plots', `${png.name}.png`), bytes);
    }
    return { report, files: plots.length + pngs.length };
  }

  dispose(): void {
    clearTimeout(this.reloadTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
