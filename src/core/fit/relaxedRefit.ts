/**
 * `--relax`: each λ's fit refitted on its own support without the lasso (solve/solvers/relaxedFit.ts),
 * for shift sizes the lasso has not shrunk. Everything else of the model stays, the ridge on β
 * too: it is what keeps the β of mutations seen only at the score floor finite, and without it
 * the refit of XBB.1.5 library 1 (λ 5e-5) starts at a certificate of 0.85 and finds no step.
 */
import { UserError } from '../errors';
import type { DataFit } from '../model/dataFit';
import type { Locks } from '../model/model';
import type { ModelOptions } from '../model/options';
import { Problem } from '../solve/problem';
import { relaxedFit, zeroShiftTies, type RelaxedResult } from '../solve/solvers/relaxedFit';
import { coldStartReference } from '../solve/run';
import type { SolverOptions } from '../solve/options';

/**
 * Why a model cannot be refitted (undefined: it can). The refit's Newton steps are the default
 * model's (sigmoid, identity output), and its support is the set of shifts from the reference.
 */
export function relaxUnsupported(
  model: Pick<ModelOptions, 'epistasis' | 'activation' | 'penalty'>,
): string | undefined {
  if (model.epistasis !== 'sigmoid' || model.activation !== 'identity')
    return 'the relaxed refit needs the sigmoid global epistasis with the identity output (the default model)';
  if (model.penalty !== 'reference')
    return 'the relaxed refit needs the reference penalty (shifts from the reference)';
  return undefined;
}

/** Newton steps the refit may take; from the lasso's solution it needs a handful. */
const MAX_RELAXED_STEPS = 50;

/** The refit of the fit at x (fitting coordinates of `solving`'s design) on its support. */
export function relaxedRefit(input: {
  solving: DataFit;
  model: ModelOptions;
  solver: SolverOptions;
  locks: Locks;
  /** The untrained model: the unit of the certificate, as for the lasso fits. */
  cold: Float64Array;
  x: Float64Array;
  shouldStop?: () => boolean;
}): RelaxedResult {
  const { solving, model } = input;
  const unsupported = relaxUnsupported(model);
  if (unsupported) throw new UserError(unsupported);
  const problem = new Problem(solving, 0, model.penalty, input.locks, model.scaleFusionByN);
  return relaxedFit(problem, input.x, zeroShiftTies(solving.fit, input.x), {
    tolerance: input.solver.tolerance,
    unit: coldStartReference(problem, input.cold),
    maxSteps: MAX_RELAXED_STEPS,
    ...(input.shouldStop ? { shouldStop: input.shouldStop } : {}),
  });
}
