/**
 * The extension's settings (contributes.configuration in package.json, where each is documented
 * with its default), resolved into the core's option types.
 */
import * as vscode from 'vscode';
import type { AlphabetName } from '../core/data/alphabet';
import { parseClipBound, type ClipOptions } from '../core/data/clip';
import { resolveDataOptions, type CollapseMode, type DataOptions } from '../core/data/options';
import { DEFAULT_MODEL_OPTIONS, resolveModelOptions, type ModelOptions } from '../core/model/options';
import { resolveSolverOptions, type SolverName, type SolverOptions } from '../core/solve/options';

export interface ExtensionSettings {
  data: DataOptions;
  model: ModelOptions;
  solver: SolverOptions;
  lasso: number[];
  /** Fraction held out for validation; 0 = none. */
  holdout: number;
  /** Parallel fitter processes; 0 = number of cores. */
  workers: number;
  autoValidate: boolean;
  validateFiles: string[];
}

export function readSettings(scope?: vscode.Uri): ExtensionSettings {
  const c = vscode.workspace.getConfiguration('dmsfit', scope);
  const get = <T>(key: string, fallback: T): T => c.get<T>(key, fallback);
  const replicate = get('columns.replicate', '');
  const clip = clipSettings(get<unknown>('clipLow', ''), get<unknown>('clipHigh', ''));
  const reference = get('reference', '');
  const data = resolveDataOptions({
    columns: {
      condition: get('columns.condition', 'condition'),
      substitutions: get('columns.substitutions', 'aa_substitutions'),
      score: get('columns.score', 'func_score'),
      scoreVar: get('columns.scoreVariance', 'func_score_var'),
      ...(replicate ? { replicate } : {}),
    },
    alphabet: get<AlphabetName>('alphabet', 'aa-stop-gap'),
    letterSuffixedSites: get('letterSuffixedSites', false),
    ...(reference ? { reference } : {}),
    collapse: get<CollapseMode>('collapse', 'none'),
    clip,
  });
  const lowerBound = get<number | null>('lowerBound', null);
  const lasso = get<number[]>('lasso', [1e-5]).filter((x) => Number.isFinite(x) && x >= 0);
  const model = resolveModelOptions({
    epistasis: get('epistasis', 'sigmoid'),
    activation: lowerBound === null ? 'identity' : 'softplus',
    ...(lowerBound !== null ? { lowerBound } : {}),
    loss: get('loss', 'huber'),
    huberDelta: get('huberDelta', 1),
    weights: get('weights', 'none'),
    penalty: get('penalty', 'reference'),
    scaleFusionByN: get('scaleFusionByN', DEFAULT_MODEL_OPTIONS.scaleFusionByN),
    ridgeBeta: get('ridgeBeta', DEFAULT_MODEL_OPTIONS.ridgeBeta),
    lasso: lasso[0] ?? 1e-5,
  });
  const maxSeconds = get('maxSeconds', 0);
  const solver = resolveSolverOptions({
    solver: get<SolverName>('solver', 'auto'),
    tolerance: get('tolerance', 1e-6),
    maxIterations: get('maxIterations', 20000),
    maxSeconds: maxSeconds > 0 ? maxSeconds : Infinity,
    pathStart: get<'warm' | 'cold'>('pathStart', 'warm'),
  });
  return {
    data,
    model,
    solver,
    lasso: lasso.length > 0 ? lasso : [1e-5],
    holdout: get('holdout', 0),
    workers: get('workers', 0),
    autoValidate: get('autoValidate', true),
    validateFiles: get<string[]>('validateFiles', []),
  };
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
