/**
 * The tables of a path's fits: path.csv (and a collection's collection.csv) row by row, and what
 * the λ choice (lambdaChoice.ts) needs of each fit.
 */
import type { Cell } from '../io/csvWriter';
import type { FitSummary } from './fitSummary';
import type { ValidationRecord } from './lambdaChoice';

/**
 * One row per fit: λ, the replicate (when `replicates` is given: a collection's table), whether it
 * converged and why it stopped, per condition the training and validation loss and the non-zero
 * shifts, and the fit's warnings (a hold-out that does not validate among them), joined by "; ".
 */
export function fitsTable(conditions: string[], fits: FitSummary[], replicates?: string[]) {
  return {
    columns: [
      'lambda',
      ...(replicates ? ['replicate'] : []),
      'converged',
      'stop_reason',
      'iterations',
      'seconds',
      'objective',
      ...conditions.flatMap((c) => [`loss_training_${c}`, `loss_validation_${c}`, `nonzero_shifts_${c}`]),
      'warnings',
    ],
    rows: fits.map((f, k): Cell[] => [
      f.lambda,
      ...(replicates ? [replicates[k]!] : []),
      f.converged,
      f.stopReason,
      f.iterations,
      f.seconds,
      f.objective,
      ...conditions.flatMap((c) => {
        const x = f.conditions[c]!;
        return [x.training.loss, x.validation?.loss ?? NaN, x.nonzeroShifts];
      }),
      f.warnings.join('; '),
    ]),
  };
}

/** What choosing λ needs of a fit summary: its λ, convergence and validation losses (if any). */
export function validationRecord(f: FitSummary, replicate: string): ValidationRecord {
  const conditions = Object.values(f.conditions);
  // Without a hold-out (or with a condition it left no variants to validate on): no losses.
  const validated = conditions.every((c) => c.validation);
  return {
    lambda: f.lambda,
    replicate,
    converged: f.converged,
    conditions: validated
      ? conditions.map((c) => ({ loss: c.validation!.loss, lossStdErr: c.validation!.lossStdErr }))
      : [],
  };
}
