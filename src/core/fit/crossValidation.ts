/**
 * k-fold cross-validation of a λ path (`--folds k`): each condition's variants are dealt into k
 * folds at random (stratified by condition, seeded); for each fold the path is fitted on the
 * other k − 1 and its loss measured on the fold. Every variant is validated exactly once, so the
 * loss per λ is a mean over all of them instead of over one hold-out's share, and its standard
 * error comes from the spread across folds — what the one-standard-error rule needs
 * (lambdaChoice.ts, which takes the folds as it takes replicates). The reported fits themselves
 * use every variant.
 */
import type { PreparedData } from '../data/prepare/prepare';
import type { ModelOptions } from '../model/options';
import type { OutputTable } from '../io/csvWriter';
import type { SolverOptions } from '../solve/options';
import { Random } from '../random';
import { fitPath, type PathHooks } from './fitPath';
import { heldOutFit } from './holdout';
import type { ValidationRecord } from './lambdaChoice';
import { conditionMetrics } from './predictions';

export interface CrossValidation {
  /** Number of folds, 2 to MAX_FOLDS. */
  folds: number;
  seed: number;
}

export const MAX_FOLDS = 20;

/**
 * The fold of every prepared variant (−1 for those no condition keeps): condition by condition,
 * its variants shuffled (seeded by `seed` and the condition) and dealt round-robin, so the folds
 * of a condition differ in size by at most one.
 */
export function foldOf(p: PreparedData, folds: number, seed: number): Int16Array {
  if (!(Number.isInteger(folds) && folds >= 2 && folds <= MAX_FOLDS))
    throw new Error(`the number of folds must be an integer from 2 to ${MAX_FOLDS}, got ${folds}`);
  const fold = new Int16Array(p.variants.n).fill(-1);
  p.encodings.forEach((e, d) => {
    const order = new Random(seed * 1_000_003 + 7_919 * d + 1).shuffle([...e.variants]);
    order.forEach((v, i) => (fold[v] = i % folds));
  });
  return fold;
}

/** The name a fold's records carry in lambdaChoice.ts's place for a replicate. */
export const foldName = (f: number) => `fold ${f + 1}`;

/**
 * Per λ and fold, the loss on the fold of the path fitted on the other folds (records in the
 * path's λ order, fold by fold); `cancelled` if a fold's fit was stopped.
 */
export async function crossValidate(
  input: {
    prepared: PreparedData;
    model: ModelOptions;
    solver: SolverOptions;
    lasso: number[];
    cv: CrossValidation;
  },
  hooks: Pick<PathHooks, 'threads' | 'shouldStop' | 'progress'> & {
    /** Each fold's fits start: λ, its index in the fold's path, the fold. */
    onFitStart?: (lambda: number, index: number, fold: number) => void;
  } = {},
): Promise<{ records: ValidationRecord[]; cancelled: boolean }> {
  const { prepared, model } = input;
  const fold = foldOf(prepared, input.cv.folds, input.cv.seed);
  const records: ValidationRecord[] = [];
  for (let f = 0; f < input.cv.folds; f++) {
    const path = await fitPath(
      {
        prepared,
        model,
        solver: input.solver,
        lasso: input.lasso,
        include: (v) => fold[v]! >= 0 && fold[v] !== f,
      },
      { ...hooks, onFitStart: (lambda, index) => hooks.onFitStart?.(lambda, index, f) },
    );
    if (path.cancelled) return { records, cancelled: true };
    const check = heldOutFit(prepared, model, path.dataFit.parts, (v) => fold[v] === f);
    for (const fitted of path.fits) {
      check.value(fitted.x);
      records.push({
        lambda: fitted.lambda,
        replicate: foldName(f),
        converged: fitted.result.converged,
        conditions: conditionMetrics(check).map((m) => ({ loss: m.loss, lossStdErr: m.lossStdErr })),
        onBound: fitted.health.atBound.length > 0,
      });
    }
  }
  return { records, cancelled: false };
}

/** cv.csv: one row per λ and fold, with whether its fit converged and the loss per condition. */
export function crossValidationTable(conditions: string[], records: ValidationRecord[]): OutputTable {
  return {
    columns: ['lambda', 'fold', 'converged', ...conditions.map((c) => `loss_validation_${c}`)],
    rows: records.map((r) => [r.lambda, r.replicate, r.converged, ...r.conditions.map((c) => c.loss)]),
  };
}
