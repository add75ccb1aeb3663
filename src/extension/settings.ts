/**
 * The extension's settings (contributes.configuration in package.json, where each is documented
 * with its default), resolved into the core's option types.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { parseClipBound, type ClipOptions } from '../core/data/clip';
import { resolveDataOptions, type DataOptions } from '../core/data/options';
import { resolveModelOptions, type ModelOptions } from '../core/model/options';
import { resolveSolverOptions, type SolverOptions } from '../core/solve/options';
import { SETTING_DEFAULTS, type SettingKey } from './settingDefaults';

export interface ExtensionSettings {
  data: DataOptions;
  model: ModelOptions;
  solver: SolverOptions;
  lasso: number[];
  /** Fraction held out for validation; 0 = none. */
  holdout: number;
  /** Refit each λ on its shifts without the lasso (relaxedRefit.ts). */
  relax: boolean;
  /** 90 % intervals for every β and shift (intervals.ts). */
  intervals: boolean;
  /** Parallel fitter processes; 0 = number of cores. */
  workers: number;
  autoValidate: boolean;
  validateFiles: string[];
}

export function readSettings(scope?: vscode.Uri): ExtensionSettings {
  const c = vscode.workspace.getConfiguration('dmsfit', scope);
  const get = <K extends SettingKey>(key: K): (typeof SETTING_DEFAULTS)[K] =>
    c.get<(typeof SETTING_DEFAULTS)[K]>(key, SETTING_DEFAULTS[key]);
  const replicate = get('columns.replicate');
  const clip = clipSettings(
    c.get<unknown>('clipLow', SETTING_DEFAULTS.clipLow),
    c.get<unknown>('clipHigh', SETTING_DEFAULTS.clipHigh),
  );
  const reference = get('reference');
  const siteNumberingMap = get('siteNumberingMap').trim();
  const data = resolveDataOptions({
    columns: {
      condition: get('columns.condition'),
      substitutions: get('columns.substitutions'),
      score: get('columns.score'),
      scoreVar: get('columns.scoreVariance'),
      ...(replicate ? { replicate } : {}),
    },
    alphabet: get('alphabet'),
    letterSuffixedSites: get('letterSuffixedSites'),
    ...(reference ? { reference } : {}),
    collapse: get('collapse'),
    clip,
    ...(siteNumberingMap ? { siteNumberingMap: fromWorkspace(siteNumberingMap, scope) } : {}),
  });
  const lowerBound = get('lowerBound');
  const lasso = get('lasso').filter((x) => Number.isFinite(x) && x >= 0);
  const model = resolveModelOptions({
    epistasis: get('epistasis'),
    activation: lowerBound === null ? 'identity' : 'softplus',
    ...(lowerBound !== null ? { lowerBound } : {}),
    loss: get('loss'),
    huberDelta: get('huberDelta'),
    weights: get('weights'),
    penalty: get('penalty'),
    scaleFusionByN: get('scaleFusionByN'),
    ridgeBeta: get('ridgeBeta'),
  });
  const maxSeconds = get('maxSeconds');
  const solver = resolveSolverOptions({
    solver: get('solver'),
    tolerance: get('tolerance'),
    maxIterations: get('maxIterations'),
    maxSeconds: maxSeconds > 0 ? maxSeconds : Infinity,
    pathStart: get('pathStart'),
  });
  return {
    data,
    model,
    solver,
    lasso: lasso.length > 0 ? lasso : SETTING_DEFAULTS.lasso,
    holdout: get('holdout'),
    relax: get('relax'),
    intervals: get('intervals'),
    workers: get('workers'),
    autoValidate: get('autoValidate'),
    validateFiles: get('validateFiles'),
  };
}

/** A path from a setting: as it is when absolute, else from the scope's workspace folder. */
function fromWorkspace(setting: string, scope?: vscode.Uri): string {
  if (path.isAbsolute(setting)) return setting;
  const folder = scope ? vscode.workspace.getWorkspaceFolder(scope) : vscode.workspace.workspaceFolders?.[0];
  return folder ? path.join(folder.uri.fsPath, setting) : path.resolve(setting);
}

/**
 * dmsfit.clipLow and dmsfit.clipHigh: text in the Settings editor ('', 'none', 'median-stop' or
 * a number), or a number or null as older settings.json files have them. A value that is none of
 * these is ignored (VS Code's own validation of the setting's pattern has flagged it already).
 */
export function clipSettings(low: unknown, high: unknown): ClipOptions {
  const bound = (v: unknown, medianStop: boolean) => {
    if (typeof v !== 'string' && typeof v !== 'number') return undefined;
    try {
      return parseClipBound(v, medianStop);
    } catch {
      return undefined;
    }
  };
  const lo = bound(low, true);
  const hi = bound(high, false);
  return { ...(lo !== undefined ? { low: lo } : {}), ...(typeof hi === 'number' ? { high: hi } : {}) };
}

/** Choices asked once per data file and remembered in the workspace (never in the file). */
export interface FileChoices {
  reference?: string;
  /** The user chose to fit this file although it holds one condition. */
  oneCondition?: boolean;
}

export class ChoiceStore {
  constructor(private readonly state: vscode.Memento) {}

  get(uri: vscode.Uri): FileChoices {
    return this.state.get<FileChoices>(`choices:${uri.toString()}`, {});
  }

  async set(uri: vscode.Uri, choices: FileChoices): Promise<void> {
    await this.state.update(`choices:${uri.toString()}`, { ...this.get(uri), ...choices });
  }
}
