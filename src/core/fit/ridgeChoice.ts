/**
 * The ridge on β chosen together with λ (`--ridge-grid`): the λ path is validated at every ridge
 * of the grid — by k-fold cross-validation, or on the hold-out — and the ridge is chosen as λ is,
 * by the one-standard-error rule: among the ridges whose best λ (lambdaChoice.ts's minimum) has a
 * validation loss within one standard error of the best ridge's, the largest, the most
 * regularised model the data cannot tell from the best. Ridges whose fits at that λ put ge_scale
 * on its bound do not compete (see chooseRidge). The path is then fitted at the chosen ridge, and
 * its λ chosen as without a grid.
 *
 * Why the ridge needs choosing at all: it sets the latent scale along a direction the data leave
 * almost flat (README, "Confident shifts"), and from 5e-7 on it changes the fit (README, "The
 * default model"); the default 3e-7 was chosen on three datasets, not on the user's.
 */
import type { PreparedData } from '../data/prepare/prepare';
import type { OutputTable } from '../io/csvWriter';
import type { ModelOptions } from '../model/options';
import type { SolverOptions } from '../solve/options';
import { crossValidate, type CrossValidation } from './crossValidation';
import { fitPath, type PathHooks } from './fitPath';
import { heldOutFit } from './holdout';
import { recommendLambda, type LambdaChoice, type ValidationRecord } from './lambdaChoice';
import { conditionMetrics } from './predictions';

/** A ridge grid needs at least this many values, and at most MAX_RIDGES (each is a path per fold). */
export const MIN_RIDGES = 2;
export const MAX_RIDGES = 10;

/** What was measured at one ridge of the grid, and whether it competed. */
export interface RidgeEvidence {
  ridge: number;
  /** The λ with the smallest mean validation loss at this ridge; null when none converged. */
  lambda: number | null;
  loss: number | null;
  stdErr: number | null;
  /** Some fit at that λ has a global-epistasis parameter on its bound (ge_scale, mostly). */
  onBound: boolean;
  candidate: boolean;
  /** Every converged λ's mean validation loss at this ridge (lambdaChoice.ts), for the ridge plot. */
  perLambda: { lambda: number; loss: number }[];
}

export interface RidgeChoice {
  /** The ridge the path was fitted at. */
  ridge: number;
  rule: string;
  /** How the losses were measured: 'k-fold cross-validation (5 folds)' or 'hold-out'. */
  validation: string;
  /** Every ridge of the grid, ascending. */
  perRidge: RidgeEvidence[];
  /** Why the grid chose none (then `ridge` is the model's own). */
  reason?: string;
}

/** A fit job's lambda.json: the λ choice, and the ridge chosen with it (`--ridge-grid`). */
export interface JobChoice extends LambdaChoice {
  ridge?: RidgeChoice;
}

export const RIDGE_RULE =
  'among the ridges whose fits at their best λ keep ge_scale off its bound: the largest whose best λ has a mean validation loss within one standard error of the best ridge’s';

/** Why a ridge grid cannot be used, in words; undefined if it can. */
export function ridgeGridProblem(ridges: number[]): string | undefined {
  if (ridges.length < MIN_RIDGES || ridges.length > MAX_RIDGES)
    return `a ridge grid needs ${MIN_RIDGES} to ${MAX_RIDGES} values, got ${ridges.length}`;
  if (!ridges.every((r) => Number.isFinite(r) && r >= 0)) return 'the ridges of a grid must be numbers ≥ 0';
  if (new Set(ridges).size !== ridges.length) return 'the ridges of a grid must differ';
  return undefined;
}

/** What the ridge step fits: the λ path of `model` at each of `ridges`. */
export interface RidgeGridInput {
  prepared: PreparedData;
  model: ModelOptions;
  solver: SolverOptions;
  lasso: number[];
  ridges: number[];
}

/**
 * Per ridge, its validation records: the path fitted at that ridge on each fold's training part
 * (`cv`), or on the hold-out's (`validation`: 1 for held-out variants), measured on the rest.
 */
export async function validateRidges(
  input: RidgeGridInput & ({ cv: CrossValidation } | { validation: Uint8Array }),
  hooks: Pick<PathHooks, 'threads' | 'shouldStop' | 'progress'> & {
    /** Each fit starts: its λ and its index among the step's fits. */
    onFitStart?: (lambda: number, index: number) => void;
  } = {},
): Promise<{ records: Map<number, ValidationRecord[]>; cancelled: boolean }> {
  const { prepared, solver, lasso } = input;
  const records = new Map<number, ValidationRecord[]>();
  const perRidge = lasso.length * ('cv' in input ? input.cv.folds : 1);
  for (const [k, ridge] of [...input.ridges].sort((a, b) => a - b).entries()) {
    const model = { ...input.model, ridgeBeta: ridge };
    const { onFitStart, ...rest } = hooks;
    const started = (lambda: number, index: number) => onFitStart?.(lambda, k * perRidge + index);
    if ('cv' in input) {
      const cv = await crossValidate(
        { prepared, model, solver, lasso, cv: input.cv },
        { ...rest, onFitStart: (l, i, fold) => started(l, fold * lasso.length + i) },
      );
      if (cv.cancelled) return { records, cancelled: true };
      records.set(ridge, cv.records);
      continue;
    }
    const held = input.validation;
    const path = await fitPath(
      { prepared, model, solver, lasso, include: (v) => held[v] === 0 },
      { ...rest, onFitStart: started },
    );
    if (path.cancelled) return { records, cancelled: true };
    const check = heldOutFit(prepared, model, path.dataFit.parts, (v) => held[v] === 1);
    records.set(
      ridge,
      path.fits.map((fitted) => {
        check.value(fitted.x);
        return {
          lambda: fitted.lambda,
          replicate: '',
          converged: fitted.result.converged,
          conditions: conditionMetrics(check).map((m) => ({ loss: m.loss, lossStdErr: m.lossStdErr })),
          onBound: fitted.health.atBound.length > 0,
        };
      }),
    );
  }
  return { records, cancelled: false };
}

/**
 * The ridge chosen from every ridge's records (RIDGE_RULE). When no ridge has a converged λ,
 * `fallback` (the model's own ridge) stands, and `reason` says why.
 */
export function chooseRidge(
  records: Map<number, ValidationRecord[]>,
  validation: string,
  fallback: number,
): RidgeChoice {
  const perRidge: RidgeEvidence[] = [...records.keys()]
    .sort((a, b) => a - b)
    .map((ridge) => {
      const rs = records.get(ridge)!;
      const choice = recommendLambda(rs);
      const best = choice?.minimum ?? null;
      return {
        ridge,
        lambda: best?.lambda ?? null,
        loss: best?.loss ?? null,
        stdErr: best?.stdErr ?? null,
        onBound: rs.some((r) => r.lambda === best?.lambda && r.onBound === true),
        candidate: false,
        perLambda: (choice?.perLambda ?? []).flatMap(({ lambda, loss }) =>
          loss === null ? [] : [{ lambda, loss }],
        ),
      };
    });
  // On its bound, ge_scale is set by the bound, and the ridge trades β's size against it: on
  // XBB.1.5 library 1, ridge 1e-6 predicts held-out variants as well as 3e-7 (0.6724 against
  // 0.6721 ± 0.0071) with ge_scale on its bound, where shifts agree between libraries at r 0.42
  // instead of 0.70 at λ 5e-5 (README, "The default model"). When every ridge is there, all compete.
  const validated = perRidge.filter((r) => r.loss !== null);
  const offBound = validated.filter((r) => !r.onBound);
  const scored = offBound.length > 0 ? offBound : validated;
  if (scored.length === 0) {
    const reason = `no ridge of the grid had a converged λ to validate; the path is fitted at --ridge-beta ${fallback}`;
    return { ridge: fallback, rule: RIDGE_RULE, validation, perRidge, reason };
  }
  const best = scored.reduce((a, b) => (b.loss! < a.loss! ? b : a));
  for (const r of scored) r.candidate = r.loss! <= best.loss! + best.stdErr!;
  const chosen = scored.filter((r) => r.candidate).at(-1)!;
  return { ridge: chosen.ridge, rule: RIDGE_RULE, validation, perRidge };
}

/** ridge.csv: one row per ridge, λ and fold (or hold-out), with convergence and the loss per condition. */
export function ridgeTable(conditions: string[], records: Map<number, ValidationRecord[]>): OutputTable {
  return {
    columns: ['ridge_beta', 'lambda', 'fold', 'converged', ...conditions.map((c) => `loss_validation_${c}`)],
    rows: [...records.entries()]
      .sort(([a], [b]) => a - b)
      .flatMap(([ridge, rs]) =>
        rs.map((r) => [ridge, r.lambda, r.replicate, r.converged, ...r.conditions.map((c) => c.loss)]),
      ),
  };
}

/**
 * The ridge step of a fit job: every ridge validated (`by` the folds, or the hold-out mask), the
 * ridge chosen, and with folds the chosen ridge's records, which are the path's cross-validation.
 */
export async function selectRidge(
  input: RidgeGridInput,
  by: CrossValidation | Uint8Array,
  hooks: Parameters<typeof validateRidges>[1],
): Promise<{
  choice: RidgeChoice;
  records: Map<number, ValidationRecord[]>;
  cv?: ValidationRecord[];
  cancelled: boolean;
}> {
  const cv = !(by instanceof Uint8Array);
  const { records, cancelled } = await validateRidges(
    { ...input, ...(cv ? { cv: by } : { validation: by }) },
    hooks,
  );
  const validation = cv ? `k-fold cross-validation (${by.folds} folds)` : 'hold-out';
  const choice = chooseRidge(records, validation, input.model.ridgeBeta);
  const at = records.get(choice.ridge);
  return { choice, records, cancelled, ...(cv && at ? { cv: at } : {}) };
}
