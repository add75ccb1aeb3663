/**
 * Fits started from the editor. Each runs through the same job layer as the CLI (fitter child
 * processes, never the extension host): a notification with percentage and Cancel, a status-bar
 * item, log lines in the "DMS Fit" channel, live events for the panel, and results written
 * atomically to `<file stem>.dmsfit/` beside the data. One fit per data file at a time.
 */
import { singleConditionWarning } from '../core/data/fitReadiness';
import { defaultResultsFolder } from '../core/io/resultsFolder';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { version } from '../../package.json';
import {
  plannedFitJobs,
  runCollection,
  type CollectionResult,
  type CollectionSpec,
} from '../jobs/collection';
import { defaultConcurrency } from '../jobs/fitterProcess';
import { adviceSetting } from '../core/fit/stopReason';
import { jobFraction, timeLeft } from '../jobs/progress';
import { failedError } from '../jobs/fitOutcome';
import type { ClipOptions } from '../core/data/clip';
import type { EpistasisName } from '../core/model/epistasis';
import type { FitterToHost } from '../protocol/fitter';
import { readSettings, type ChoiceStore } from './settings';
import { siteNumberingMapBeside } from '../core/io/siteNumberingFile';
import type { HelperProcess } from './helperProcess';

export interface FitRequest {
  files: vscode.Uri[];
  /** Reference condition (else settings, then the remembered choice, then a quick pick). */
  reference?: string;
  /** Global-epistasis model (else the `dmsfit.epistasis` setting). */
  epistasis?: EpistasisName;
  lasso?: number[];
  /** A grid from λ_max instead of `lasso` (lambdaGrid.ts). */
  lassoGrid?: { points: number; ratio: number };
  holdout?: number;
  /** Clipping floor (else the `dmsfit.clipLow` setting); null for none. */
  clipLow?: number | 'median-stop' | null;
  /** Ridge on β (else `dmsfit.ridgeBeta`). */
  ridgeBeta?: number;
  /** Site numbering map (else `dmsfit.siteNumberingMap`, else the one beside the first file). */
  siteNumberingMap?: string;
}

/** A fit of `dataUri` has ended (done, cancelled or failed). */
export interface FitEnded {
  dataUri: vscode.Uri;
  result: CollectionResult;
}

export interface FitEvent {
  dataUri: vscode.Uri;
  job: string;
  message: FitterToHost;
}

interface ActiveFit {
  abort: AbortController;
  done: Promise<unknown>;
  pids: Set<number>;
}

export function resultsFolder(dataUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.file(defaultResultsFolder(dataUri.fsPath));
}

export class FitManager implements vscode.Disposable {
  private readonly active = new Map<string, ActiveFit>();
  private readonly events = new vscode.EventEmitter<FitEvent>();
  readonly onEvent = this.events.event;
  private readonly ended = new vscode.EventEmitter<FitEnded>();
  readonly onEnded = this.ended.event;
  private readonly status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  private disposed = false;

  constructor(
    private readonly fitterScript: string,
    private readonly validator: HelperProcess,
    private readonly choices: ChoiceStore,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.status.command = 'dmsfit.cancelFit';
  }

  /** Process ids of running fitter processes (the extension's own tests check they go away). */
  get pids(): number[] {
    return [...this.active.values()].flatMap((a) => [...a.pids]);
  }

  isFitting(dataUri: vscode.Uri): boolean {
    return this.active.has(dataUri.toString());
  }

  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', 'dmsfit.fitting', this.active.size > 0);
    if (this.active.size === 0) this.status.hide();
  }

  async cancel(dataUri?: vscode.Uri): Promise<void> {
    const targets = dataUri ? [this.active.get(dataUri.toString())] : [...this.active.values()];
    for (const t of targets) t?.abort.abort();
    await Promise.all(targets.map((t) => t?.done));
  }

  /** The reference: request, then settings, then the remembered choice, then ask once. */
  private async chooseReference(
    file: vscode.Uri,
    conditions: string[],
    request?: string,
  ): Promise<string | undefined> {
    const configured = request ?? readSettings(file).data.reference ?? this.choices.get(file).reference;
    if (configured && conditions.includes(configured)) return configured;
    if (conditions.length === 1) return conditions[0];
    const picked = await vscode.window.showQuickPick(conditions, {
      title: `DMS Fit: reference condition for ${path.basename(file.fsPath)}`,
      placeHolder: 'Mutations are named against the reference wildtype; shifts are relative to it',
      ignoreFocusOut: true,
    });
    if (picked) await this.choices.set(file, { reference: picked });
    return picked;
  }

  async fit(request: FitRequest): Promise<CollectionResult | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(
        'DMS Fit: fitting runs a child process and is disabled in untrusted workspaces.',
      );
      return undefined;
    }
    const file = request.files[0]!;
    const key = file.toString();
    const posed = await this.pose(request, file);
    if (!posed) return undefined;
    const { spec, settings } = posed;
    const abort = new AbortController();
    const pids = new Set<number>();
    const name = path.basename(file.fsPath);
    let resolveDone!: () => void;
    const done = new Promise<void>((r) => (resolveDone = r));
    this.active.set(key, { abort, done, pids });
    this.updateContext();
    let result: CollectionResult | undefined;
    try {
      result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `DMS Fit: ${name}`, cancellable: true },
        (progress, token) => {
          token.onCancellationRequested(() => abort.abort());
          const relay = this.relay(file, progress, {
            jobs: plannedFitJobs(spec.replicates?.length ?? 0, spec.base.holdout !== undefined),
            tolerance: settings.solver.tolerance,
            maxIterations: settings.solver.maxIterations,
          });
          return runCollection(spec, {
            script: this.fitterScript,
            concurrency: settings.workers > 0 ? settings.workers : defaultConcurrency(),
            signal: abort.signal,
            onStart: (_job, pid) => pids.add(pid),
            onMessage: relay,
          });
        },
      );
      this.report(file, spec.out, result);
      return result;
    } finally {
      this.active.delete(key);
      this.updateContext();
      resolveDone();
      if (result) this.ended.fire({ dataUri: file, result });
    }
  }

  /**
   * The collection a Fit click asks for, once the user has agreed to it: a running fit of the
   * file cancelled (if they say so), the data valid, a single condition confirmed, the reference
   * chosen. Undefined when any of these says no.
   */
  private async pose(
    request: FitRequest,
    file: vscode.Uri,
  ): Promise<{ spec: CollectionSpec; settings: ReturnType<typeof readSettings> } | undefined> {
    if (this.active.has(file.toString())) {
      const choice = await vscode.window.showWarningMessage(
        `A fit of ${path.basename(file.fsPath)} is running.`,
        'Cancel It and Fit Again',
        'Keep It Running',
      );
      if (choice !== 'Cancel It and Fit Again') return undefined;
      await this.cancel(file);
    }
    const settings = readSettings(file);
    const inputs = request.files.map((f) => ({ path: f.fsPath }));
    const checked = await this.validator.validate(inputs, { ...settings.data, reference: undefined });
    if (checked.errors > 0) {
      void vscode.window
        .showErrorMessage(`DMS Fit: ${checked.errors} error(s) in the data; nothing fitted.`, 'Show Problems')
        .then((action) => action && vscode.commands.executeCommand('workbench.actions.view.problems'));
      return undefined;
    }
    // A lost Ctrl-click turns a fit of two backgrounds into one of a single condition: ask first.
    const single = singleConditionWarning(
      checked.conditions,
      request.files.map((f) => path.basename(f.fsPath)),
    );
    // Asked once per file: a scientist fitting one condition on purpose (GFP, say) is not asked again.
    if (single && !this.choices.get(file).oneCondition) {
      const go = await vscode.window.showWarningMessage(single, { modal: true }, 'Fit Anyway');
      if (go !== 'Fit Anyway') return undefined;
      await this.choices.set(file, { oneCondition: true });
    }
    const reference = await this.chooseReference(file, checked.conditions, request.reference);
    if (!reference) return undefined;
    const replicates = settings.data.columns.replicate ? checked.replicates : undefined;
    const siteNumberingMap =
      request.siteNumberingMap ??
      settings.data.siteNumberingMap ??
      (await siteNumberingMapBeside(file.fsPath));
    if (siteNumberingMap) this.log.info(`site numbering map: ${siteNumberingMap}`);
    const lasso = request.lasso ?? settings.lasso;
    const holdout = request.holdout ?? settings.holdout;
    this.log.info(
      `fitting ${request.files.map((f) => vscode.workspace.asRelativePath(f)).join(', ')}: reference ${reference}, λ ${request.lassoGrid ? `a grid of ${request.lassoGrid.points} from λ_max` : lasso.join(', ')}`,
    );
    const spec: CollectionSpec = {
      base: {
        inputs,
        data: {
          ...settings.data,
          reference,
          clip: clipOf(settings.data.clip, request.clipLow),
          ...(siteNumberingMap ? { siteNumberingMap } : {}),
        },
        model: {
          ...settings.model,
          ...(request.epistasis ? { epistasis: request.epistasis } : {}),
          ...(request.ridgeBeta !== undefined ? { ridgeBeta: request.ridgeBeta } : {}),
        },
        solver: settings.solver,
        lasso,
        version,
        ...(holdout > 0 ? { holdout: { fraction: holdout, seed: 0 } } : {}),
        ...(settings.relax ? { relax: true } : {}),
        ...(settings.intervals ? { intervals: true } : {}),
      },
      out: resultsFolder(file).fsPath,
      writer: 'a fit in the editor',
      ...(request.lassoGrid ? { lassoGrid: request.lassoGrid } : {}),
      ...(replicates && replicates.length > 0 ? { replicates } : {}),
    };
    return { spec, settings };
  }

  /**
   * What the fit's jobs say, passed on: to the panel as events, to the notification and the
   * status bar as the fraction done over all `jobs` planned, and to the log.
   */
  private relay(
    file: vscode.Uri,
    progress: vscode.Progress<{ increment?: number; message?: string }>,
    plan: { jobs: number; tolerance: number; maxIterations: number },
  ): (job: string, m: FitterToHost) => void {
    const name = path.basename(file.fsPath);
    const fractions = new Map<string, number>();
    let reported = 0;
    const started = performance.now();
    return (job, m) => {
      this.events.fire({ dataUri: file, job, message: m });
      if (m.type === 'progress') {
        fractions.set(job, jobFraction(m, plan.tolerance));
        const total = [...fractions.values()].reduce((a, b) => a + b, 0) / plan.jobs;
        const increment = Math.max(0, 100 * total - reported);
        reported += increment;
        const left = timeLeft((performance.now() - started) / 1000, total);
        const detail = `λ ${m.lambdaIndex + 1}/${m.lambdaCount}, iteration ${m.iteration} of ${plan.maxIterations.toLocaleString('en-US')}${left ? `, ${left}` : ''}`;
        progress.report({ increment, message: detail });
        this.status.text = `$(sync~spin) DMS Fit: ${name} ${Math.round(reported)}%`;
        this.status.tooltip = `${detail} — click to cancel`;
        this.status.show();
      } else if (m.type === 'error')
        this.log.error(`[${job}] ${m.message}${m.line !== undefined ? ` (${m.file} line ${m.line})` : ''}`);
      else if (m.type === 'fitted') {
        const f = m.summary;
        this.log.info(
          `[${job}] λ = ${f.lambda}: ${f.stopDetail} in ${f.iterations} iterations, ${f.seconds.toFixed(1)} s`,
        );
        if (f.advice) this.log.warn(`[${job}] next step: ${f.advice.text}: ${adviceSetting(f.advice)}`);
        for (const w of f.warnings) this.log.warn(`[${job}] λ = ${f.lambda}: ${w}`);
      } else if (m.type === 'prepared')
        this.log.info(
          `[${job}] prepared ${m.summary.keptVariants} variants, ${m.summary.mutations} mutations`,
        );
    };
  }

  /** Tells the user how the fit ended; the messages' buttons are not awaited (the fit is over). */
  private report(file: vscode.Uri, out: string, result: CollectionResult): void {
    if (this.disposed) return; // the editor is shutting down: nobody to tell
    const name = path.basename(file.fsPath);
    if (result.status === 'cancelled') {
      this.log.info(`fit of ${name} cancelled; earlier results unchanged`);
      void vscode.window.showInformationMessage(
        `DMS Fit: fit of ${name} cancelled; earlier results are unchanged.`,
      );
      return;
    }
    if (result.status === 'failed') {
      const error = failedError(result);
      this.log.error(`fit of ${name} failed: ${error}`);
      void vscode.window
        .showErrorMessage(`DMS Fit: fit of ${name} failed: ${error}`, 'Show Log')
        .then((action) => action && this.log.show(true));
      return;
    }
    const unconverged = result.fits.filter((f) => !f.summary.converged);
    const choice = result.recommended;
    const recommended =
      choice === undefined
        ? ''
        : choice.lambda === null
          ? ` ${choice.reason}.`
          : ` Recommended λ = ${choice.lambda}.`;
    // The first unconverged fit's reason and next step, with a button to the setting to change.
    const first = unconverged[0]?.summary;
    const advice = first?.advice ?? undefined;
    const message = first
      ? `DMS Fit: ${name} fitted, but ${unconverged.length} of ${result.fits.length} fit(s) did not converge (λ = ${first.lambda}: ${first.stopDetail}).${advice ? ` Next step: ${advice.text}: ${adviceSetting(advice)}.` : ''}${recommended}`
      : `DMS Fit: ${name} fitted (${result.fits.length} fit(s), converged).${recommended}`;
    this.log.info(`results in ${out}`);
    const actions = advice ? ['Open Setting', 'Open Panel'] : ['Open Panel', 'Reveal Results'];
    const show = first ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(message, ...actions).then((action) => {
      if (action === 'Open Setting' && advice)
        return vscode.commands.executeCommand('workbench.action.openSettings', `dmsfit.${advice.option}`);
      if (action === 'Open Panel') return vscode.commands.executeCommand('dmsfit.showPanel', file);
      if (action === 'Reveal Results')
        return vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(out));
      return undefined;
    });
  }

  /** Deactivation: stop every fitter process now (their staging folders are discarded next time). */
  dispose(): void {
    this.disposed = true;
    for (const a of this.active.values()) {
      a.abort.abort();
      for (const pid of a.pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    this.status.dispose();
    this.events.dispose();
    this.ended.dispose();
  }
}

/** The settings' clipping with the floor a request chose (null: none). */
function clipOf(clip: ClipOptions, low: number | 'median-stop' | null | undefined): ClipOptions {
  if (low === undefined) return clip;
  const { high } = clip;
  return { ...(low !== null ? { low } : {}), ...(high !== undefined ? { high } : {}) };
}
