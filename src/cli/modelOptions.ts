/** Command-line options for the model and the solver, shared by fit (and the fit collection). */
import { UserError } from '../core/errors';
import { EPISTASIS_NAMES } from '../core/model/epistasis';
import { nameRecord } from '../core/data/nameRecord';
import { parseClipBound, type ClipOptions } from '../core/data/clip';
import { Option, type Command } from 'commander';
import { DEFAULT_MODEL_OPTIONS, resolveModelOptions, type ModelOptions } from '../core/model/options';
import { DEFAULT_LASSO } from '../core/fit/lassoText';
import {
  DEFAULT_SOLVER_OPTIONS,
  resolveSolverOptions,
  SOLVER_NAMES,
  type SolverName,
  type SolverOptions,
} from '../core/solve/options';

export interface ModelCliOptions {
  lasso: number[];
  epistasis: ModelOptions['epistasis'];
  hiddenUnits: number;
  lowerBound?: number;
  loss: ModelOptions['loss'];
  huberDelta: number;
  weights: ModelOptions['weights'];
  penalty: ModelOptions['penalty'];
  scaleFusionByN: boolean;
  ridgeBeta: number;
  ridgeScale: number;
  ridgeBias: number;
  scaleBound: string;
  initScale: number;
  initBias: number;
  initBetaVariance: number;
  initSeed: number;
  lock: string[];
  solver: SolverName;
  tolerance: number;
  maxIterations: number;
  maxSeconds?: number;
  pathStart: SolverOptions['pathStart'];
  admmIterations: number;
  admmTau: number;
  maxLineSearch: number;
  multidmsTolerance: number;
  acceleration: boolean;
  clipLow?: string;
  clipHigh?: number;
}

export const number = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UserError(`${name}: expected a number, got '${v}'`);
  return n;
};

/** A comma-separated list of numbers ≥ 0, for the option `name` (--lasso, --ridge-grid). */
export const numberList =
  (name: string) =>
  (v: string): number[] => {
    const values = v.split(',').map((x) => Number(x.trim()));
    if (values.some((x) => !Number.isFinite(x) || x < 0))
      throw new UserError(`${name}: expected non-negative numbers, got '${v}'`);
    return values;
  };

export const parseLassoList = numberList('--lasso');

export function addModelOptions(cmd: Command): Command {
  const d = DEFAULT_MODEL_OPTIONS;
  return cmd
    .option(
      '--lasso <values>',
      'lasso strength(s) on shifts, comma-separated (a path is fitted largest first)',
      parseLassoList,
      [...DEFAULT_LASSO],
    )
    .addOption(
      new Option('--epistasis <g>', 'global epistasis').choices([...EPISTASIS_NAMES]).default(d.epistasis),
    )
    .option('--hidden-units <n>', 'hidden units of the nn epistasis', number('--hidden-units'), d.hiddenUnits)
    .option(
      '--lower-bound <value>',
      'softplus output activation: lower bound of predictions (e.g. the clipping floor)',
      number('--lower-bound'),
    )
    .addOption(new Option('--loss <name>', 'per-variant loss').choices(['huber', 'squared']).default(d.loss))
    .option('--huber-delta <δ>', 'Huber δ', number('--huber-delta'), d.huberDelta)
    .addOption(
      new Option('--weights <how>', 'variant weights').choices(['none', 'variance']).default(d.weights),
    )
    .addOption(
      new Option('--penalty <kind>', 'shift penalty').choices(['reference', 'all-pairs']).default(d.penalty),
    )
    .option(
      '--scale-fusion-by-n',
      "weight each condition's shift penalty by n_ref/n_d, its training variants against the reference's (multidms scale_fusion_by_n)",
      d.scaleFusionByN,
    )
    .option('--ridge-beta <λ>', 'ridge on β', number('--ridge-beta'), d.ridgeBeta)
    .option('--ridge-scale <λ>', 'ridge on ge_scale (and nn weights)', number('--ridge-scale'), d.ridgeScale)
    .option('--ridge-bias <λ>', 'ridge on ge_bias', number('--ridge-bias'), d.ridgeBias)
    .option(
      '--scale-bound <value>',
      "upper bound on ge_scale: 'infer' (2·range of scores), 'none' or a number",
      'infer',
    )
    .option(
      '--init-scale <value>',
      'initial ge_scale (init_theta_scale)',
      number('--init-scale'),
      d.initScale,
    )
    .option('--init-bias <value>', 'initial ge_bias (init_theta_bias)', number('--init-bias'), d.initBias)
    .option(
      '--init-beta-variance <v>',
      'start each β at v·N(0,1) instead of 0 (init_beta_variance; fit_one_model uses 1)',
      number('--init-beta-variance'),
      d.initBetaVariance,
    )
    .option('--init-seed <n>', 'seed of the random start (PRNGKey)', number('--init-seed'), d.initSeed)
    .option('--lock <name=value...>', 'hold parameters fixed: beta0:<condition>, ge_scale, ge_bias', [])
    .option(
      '--clip-low <value>',
      "clip scores below: a number or 'median-stop' (each condition's median stop-variant score)",
    )
    .option('--clip-high <value>', 'clip scores above', number('--clip-high'))
    .addOption(
      new Option('--solver <name>', 'optimizer').choices(SOLVER_NAMES).default(DEFAULT_SOLVER_OPTIONS.solver),
    )
    .option(
      '--tolerance <tol>',
      'stop when relative stationarity ≤ tol',
      number('--tolerance'),
      DEFAULT_SOLVER_OPTIONS.tolerance,
    )
    .option(
      '--max-iterations <n>',
      'iteration cap',
      number('--max-iterations'),
      DEFAULT_SOLVER_OPTIONS.maxIterations,
    )
    .option('--max-seconds <s>', 'time cap per λ', number('--max-seconds'))
    .addOption(
      new Option(
        '--path-start <how>',
        "each λ of a path from the previous λ's solution (warm) or from the initial values, independently (cold, as multidms fit_models)",
      )
        .choices(['warm', 'cold'])
        .default(DEFAULT_SOLVER_OPTIONS.pathStart),
    )
    .option(
      '--admm-iterations <n>',
      'with --solver multidms: ADMM iterations per prox (admm_niter)',
      number('--admm-iterations'),
      DEFAULT_SOLVER_OPTIONS.admmIterations,
    )
    .option(
      '--admm-tau <τ>',
      'with --solver multidms: ADMM step τ (admm_tau)',
      number('--admm-tau'),
      DEFAULT_SOLVER_OPTIONS.admmTau,
    )
    .option(
      '--max-line-search <n>',
      'with --solver multidms: line-search halvings (maxls)',
      number('--max-line-search'),
      DEFAULT_SOLVER_OPTIONS.maxLineSearch,
    )
    .option(
      '--multidms-tolerance <tol>',
      'with --solver multidms: its own stopping tolerance on ‖x_{k+1} − x_k‖/step (tol)',
      number('--multidms-tolerance'),
      DEFAULT_SOLVER_OPTIONS.baselineTolerance,
    )
    .option('--no-acceleration', 'with --solver multidms: plain proximal gradient, no FISTA momentum');
}

export function resolveModelCli(o: ModelCliOptions): { model: ModelOptions; solver: SolverOptions } {
  const lock = nameRecord(
    o.lock.map((item) => {
      const m = /^([^=]+)=(.+)$/.exec(item);
      if (!m || !Number.isFinite(Number(m[2])))
        throw new UserError(`--lock: expected name=value, got '${item}'`);
      return [m[1]!, Number(m[2])] as const;
    }),
  );
  const bound =
    o.scaleBound === 'infer'
      ? 'infer'
      : o.scaleBound === 'none'
        ? null
        : number('--scale-bound')(o.scaleBound);
  const model = resolveModelOptions({
    epistasis: o.epistasis,
    hiddenUnits: o.hiddenUnits,
    activation: o.lowerBound !== undefined ? 'softplus' : 'identity',
    lowerBound: o.lowerBound,
    loss: o.loss,
    huberDelta: o.huberDelta,
    weights: o.weights,
    penalty: o.penalty,
    scaleFusionByN: o.scaleFusionByN,
    ridgeBeta: o.ridgeBeta,
    ridgeScale: o.ridgeScale,
    ridgeBias: o.ridgeBias,
    scaleUpperBound: bound,
    initScale: o.initScale,
    initBias: o.initBias,
    initBetaVariance: o.initBetaVariance,
    initSeed: o.initSeed,
    lock,
  });
  const solver = resolveSolverOptions({
    solver: o.solver,
    tolerance: o.tolerance,
    maxIterations: o.maxIterations,
    ...(o.maxSeconds !== undefined ? { maxSeconds: o.maxSeconds } : {}),
    pathStart: o.pathStart,
    admmIterations: o.admmIterations,
    admmTau: o.admmTau,
    maxLineSearch: o.maxLineSearch,
    baselineTolerance: o.multidmsTolerance,
    acceleration: o.acceleration,
  });
  return { model, solver };
}

export function clipFromCli(o: ModelCliOptions): ClipOptions {
  let low: number | 'median-stop' | undefined;
  try {
    low = parseClipBound(o.clipLow, true);
  } catch (err) {
    throw new UserError(`--clip-low: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return { ...(low !== undefined ? { low } : {}), ...(o.clipHigh !== undefined ? { high: o.clipHigh } : {}) };
}
