/** λ_max of a fit job's data (its training rows when it holds some out), for its λ grid. */
import { prepareJobData, type FitJobSpec } from './fitJob';
import { findLambdaMax, type LambdaMax } from './lambdaGrid';
import type { ThreadBudget } from './threadBudget';

export async function jobLambdaMax(
  spec: FitJobSpec,
  shouldStop?: () => boolean,
  threads?: ThreadBudget,
): Promise<LambdaMax> {
  const { prepared, include } = await prepareJobData(spec);
  return findLambdaMax(
    { prepared, model: spec.model, solver: spec.solver, ...(include ? { include } : {}) },
    { ...(shouldStop ? { shouldStop } : {}), ...(threads ? { threads } : {}) },
  );
}
