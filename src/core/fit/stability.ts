/**
 * Stability selection (Meinshausen & Bühlmann): how often a shift is selected when the fit is
 * repeated on random halves of the variants. A shift the data support is selected in most
 * halves; one the lasso let through by chance in few. Each half is half of every condition's
 * training variants (stratified, seeded by the half's number, the same halves at every λ), and
 * its fit starts from the full fit at that λ, so it costs a fraction of a cold fit.
 */
import type { PreparedData } from '../data/prepare/prepare';
import type { ModelOptions } from '../model/options';
import { shifts, type NaturalParameters } from '../model/parameters';
import type { SolverOptions } from '../solve/options';
import { fitPath } from './fitPath';
import { stratifiedMask } from './holdout';
import type { ThreadBudget } from './threadBudget';

export interface Stability {
  /** Subsample fits per λ (0: none). */
  subsamples: number;
  /** Share of each condition's training variants in a subsample. */
  fraction: number;
}

export const DEFAULT_STABILITY_FRACTION = 0.5;

/** Subsample b: `fraction` of each condition's variants that `include` admits, seeded by b. */
export function subsample(
  p: PreparedData,
  b: number,
  fraction: number,
  include: (variant: number) => boolean = () => true,
): (variant: number) => boolean {
  const keep = stratifiedMask(p, fraction, (d) => 7_919 * (b + 1) + d, include);
  return (v) => keep[v] === 1;
}

export interface SelectionFrequency {
  /** Per condition and mutation, the share of subsample fits whose shift is non-zero (NaN: reference). */
  frequency: Float64Array[];
  subsamples: number;
  fraction: number;
  /** Subsample fits that met the certificate. */
  converged: number;
}

export async function selectionFrequency(
  input: {
    prepared: PreparedData;
    model: ModelOptions;
    solver: SolverOptions;
    lambda: number;
    /** The full fit at this λ, where each subsample fit starts. */
    start: NaturalParameters;
    include?: (variant: number) => boolean;
    /** The job's threads: each subsample fit uses them as the full fit did. */
    threads?: ThreadBudget;
  },
  stability: Stability,
  shouldStop?: () => boolean,
): Promise<SelectionFrequency> {
  const { prepared: p } = input;
  const counts = p.conditions.map(() => new Float64Array(p.mutations.length));
  let converged = 0;
  let done = 0;
  for (let b = 0; b < stability.subsamples && !shouldStop?.(); b++) {
    const path = await fitPath(
      {
        prepared: p,
        model: input.model,
        solver: input.solver,
        lasso: [input.lambda],
        include: subsample(p, b, stability.fraction, input.include),
        start: input.start,
      },
      { shouldStop, ...(input.threads ? { threads: input.threads } : {}) },
    );
    const fit = path.fits[0];
    if (!fit || path.cancelled) break;
    done++;
    if (fit.result.converged) converged++;
    shifts(fit.params, p.reference).forEach((s, d) => s.forEach((v, m) => v !== 0 && counts[d]![m]!++));
  }
  return {
    frequency: counts.map((c, d) => (d === p.reference ? c.fill(NaN) : c.map((n) => n / done))),
    subsamples: done,
    fraction: stability.fraction,
    converged,
  };
}
