/**
 * Choosing λ from validation loss with the one-standard-error rule (Hastie, Tibshirani &
 * Friedman): find the λ with the smallest mean validation loss, then recommend the largest λ
 * (the sparsest shifts) whose mean validation loss is within one standard error of that minimum.
 * The loss of a fit is the mean over conditions of each condition's mean validation loss. The
 * standard error is taken across replicates when there are several, else from the spread of
 * the per-variant losses (combined over conditions). Only λ whose fits all converged compete:
 * an unconverged fit is never recommended, and when no λ qualifies the choice says why.
 */
export interface ValidationRecord {
  lambda: number;
  replicate: string;
  converged: boolean;
  /** Per condition: mean validation loss and its standard error. */
  conditions: { loss: number; lossStdErr: number }[];
}

export interface LambdaChoice {
  /** null: no λ can be recommended (`reason` says why). */
  lambda: number | null;
  rule: string;
  reason?: string;
  minimum: { lambda: number; loss: number; stdErr: number } | null;
  /** Mean validation loss and standard error per eligible λ (descending λ). */
  perLambda: { lambda: number; loss: number; stdErr: number }[];
  /** λ left out because some fit at it did not converge. */
  unconverged: number[];
}

const RULE = 'largest λ whose mean validation loss is within one standard error of the minimum';

function fitLoss(r: ValidationRecord): { loss: number; stdErr: number } {
  const D = r.conditions.length;
  const loss = r.conditions.reduce((s, c) => s + c.loss, 0) / D;
  const stdErr = Math.sqrt(r.conditions.reduce((s, c) => s + c.lossStdErr ** 2, 0)) / D;
  return { loss, stdErr };
}

/** undefined when there is nothing to choose from (no hold-out). */
export function recommendLambda(records: ValidationRecord[]): LambdaChoice | undefined {
  if (records.length === 0) return undefined;
  const unconverged = [...new Set(records.filter((r) => !r.converged).map((r) => r.lambda))].sort(
    (a, b) => b - a,
  );
  const usable = records.filter(
    (r) =>
      !unconverged.includes(r.lambda) &&
      r.conditions.length > 0 &&
      r.conditions.every((c) => Number.isFinite(c.loss)),
  );
  if (usable.length === 0) {
    const reason =
      unconverged.length > 0
        ? `no λ can be recommended: the fits at ${unconverged.map((l) => `λ = ${l}`).join(', ')} did not converge, and an unconverged fit is never recommended`
        : 'no λ can be recommended: no validation loss could be computed';
    return { lambda: null, rule: RULE, reason, minimum: null, perLambda: [], unconverged };
  }
  const lambdas = [...new Set(usable.map((r) => r.lambda))].sort((a, b) => b - a);
  const perLambda = lambdas.map((lambda) => {
    const fits = usable.filter((r) => r.lambda === lambda).map(fitLoss);
    const loss = fits.reduce((s, f) => s + f.loss, 0) / fits.length;
    let stdErr: number;
    if (fits.length > 1) {
      const variance = fits.reduce((s, f) => s + (f.loss - loss) ** 2, 0) / (fits.length - 1);
      stdErr = Math.sqrt(variance / fits.length);
    } else stdErr = fits[0]!.stdErr;
    return { lambda, loss, stdErr };
  });
  const minimum = perLambda.reduce((best, p) => (p.loss < best.loss ? p : best));
  const chosen = perLambda.find((p) => p.loss <= minimum.loss + minimum.stdErr)!;
  return { lambda: chosen.lambda, rule: RULE, minimum, perLambda, unconverged };
}
