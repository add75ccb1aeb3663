/** λ_max of a fit job's data (its training rows when it holds some out), for its λ grid. */
import { InputError } from '../errors';
import { prepareDataset } from '../data/prepare/prepare';
import { readJobData, type FitJobSpec } from './fitJob';
import { holdoutMask } from './holdout';
import { findLambdaMax, type LambdaMax } from './lambdaGrid';
import type { ThreadBudget } from './threadBudget';

export async function jobLambdaMax(
  spec: FitJobSpec,
  shouldStop?: () => boolean,
  threads?: ThreadBudget,
): Promise<LambdaMax> {
  const reference = spec.data.reference;
  if (reference === undefined) throw new InputError('a reference condition is required', []);
  const { table } = await readJobData(spec);
  const prepared = prepareDataset(table, { reference, collapse: spec.data.collapse });
  const validation = spec.holdout ? holdoutMask(prepared, spec.holdout) : undefined;
  return findLambdaMax(
    {
      prepared,
      model: spec.model,
      solver: spec.solver,
      ...(validation ? { include: (i: number) => validation[i] === 0 } : {}),
    },
    { ...(shouldStop ? { shouldStop } : {}), ...(threads ? { threads } : {}) },
  );
}
