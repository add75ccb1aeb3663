/**
 * fit.json: what one fitted λ says, for people and for the hosts (the CLI's summary line, the
 * editor's notification and panel). Beside the losses and parameters: why the fit ended and what
 * to change when it did not converge (stopReason.ts), how its end point sits on the curve
 * (fitHealth.ts), which mutations the data cannot identify (identifiability.ts), the largest
 * identified shifts and how many are confident (standardErrors.ts), the share of non-zero
 * stop-codon shifts, and warnings, among them a hold-out that does not validate: a validation
 * loss above the untrained model's (the cold start), or many times the training loss.
 */
import type { PreparedData } from '../data/prepare/prepare';
import { mutationName } from '../data/variantTable';
import { shifts, type NaturalParameters } from '../model/parameters';
import type { SolverResult } from '../solve/options';
import { FLAT_WARNING_SHARE, describeStop, type Advice, type StopReason } from './stopReason';
import type { FitHealth } from './fitHealth';
import type { IntervalSummary } from './intervals';
import type { FitStart } from './fitLambda';
import { IDENTIFIABILITY, shiftIdentified, type Identifiability } from './identifiability';
import type { ConditionMetrics, WildtypePrediction } from './predictions';
import { CONFIDENT_Z, confidentShift, type StandardErrors } from './standardErrors';

/** Validation loss this many times the training loss is flagged: the fit does not generalise. */
export const OVERFIT_RATIO = 5;
/** Largest identified shifts listed per condition. */
const TOP_SHIFTS = 10;

export interface ConditionSummary {
  training: ConditionMetrics;
  validation?: ConditionMetrics;
  /** The untrained model's (cold start's) validation loss, the bar a fit must clear. */
  coldValidationLoss?: number;
  nonzeroShifts: number;
  /**
   * Non-zero, identified shifts at least CONFIDENT_Z standard errors from zero (standardErrors.ts):
   * those the condition's and the reference's own variants support (non-reference conditions).
   */
  confidentShifts: number;
  beta0: number;
  wildtype: WildtypePrediction;
  /** Mutations whose β in this condition the data do not determine, by reason. */
  notIdentifiable: Record<Exclude<Identifiability, 'yes'>, number>;
  /** The largest |shift| among mutations whose shift is identified (non-reference conditions). */
  topShifts: { mutation: string; shift: number }[];
}

export interface FitSummary {
  lambda: number;
  solver: string;
  /** stopReason === 'converged': the certificate was met at a point that is not degenerate. */
  converged: boolean;
  cancelled: boolean;
  stopReason: StopReason;
  /** The stop reason in words, and the next step when the fit did not converge. */
  stopDetail: string;
  advice: Advice | null;
  /** Relative stationarity ‖G(x)‖∞/‖G(x₀)‖∞ and the tolerance it was held to. */
  stationarity: number;
  tolerance: number;
  iterations: number;
  dataPasses: number;
  /** Seconds of every start together. */
  seconds: number;
  objective: number;
  penalty: number;
  theta: Record<string, number>;
  health: FitHealth;
  /**
   * Share of the identified stop-codon mutations with a non-zero shift (lambdaChoice.ts): a stop
   * codon is dead in every background, so these are false shifts. null without any to count.
   */
  stopShiftShare: number | null;
  /** How many standard errors from zero a shift must stand to count as confident (CONFIDENT_Z). */
  confidentZ: number;
  /** Every start this λ took (a second start when the first ended suspiciously), the chosen marked. */
  starts: (FitStart & { chosen: boolean })[];
  warnings: string[];
  /** With --stability: the subsample fits behind mutations.csv's selection_frequency_<c>. */
  stability?: { subsamples: number; fraction: number; converged: number };
  /**
   * With --relax: the refit on this fit's support behind mutations.csv's beta_relaxed_<c> and
   * shift_relaxed_<c> (relaxedRefit.ts); stationarity relative, as the fit's own.
   */
  relaxed?: { converged: boolean; steps: number; stationarity: number; objective: number; seconds: number };
  /** With --intervals: how mutations.csv's beta_low_<c> … shift_high_<c> were made (intervals.ts). */
  intervals?: IntervalSummary;
  conditions: Record<string, ConditionSummary>;
}

export interface SummaryInput {
  prepared: PreparedData;
  lambda: number;
  solver: string;
  tolerance: number;
  result: SolverResult;
  stopReason: StopReason;
  advice: Advice | undefined;
  health: FitHealth;
  starts: FitSummary['starts'];
  params: NaturalParameters;
  thetaNames: string[];
  training: ConditionMetrics[];
  validation?: { metrics: ConditionMetrics[]; coldLoss: number[] };
  nonzero: number[];
  /** Warnings about the data that qualify every fit of them (FIT_DATA_WARNINGS). */
  dataWarnings?: string[];
  wildtypes: WildtypePrediction[];
  /** identifiability() of the training fit at this point. */
  identifiable: Uint8Array[];
  /** standardErrors() of the training fit at this point. */
  se: StandardErrors;
}

/** Non-reference shifts per condition (reference rows zero), computed once per summary. */
type Shifts = Float64Array[];

function confidentShifts(input: SummaryInput, shift: Shifts, d: number): number {
  const { prepared: p, identifiable } = input;
  if (d === p.reference) return 0;
  const se = input.se.shift[d]!;
  let n = 0;
  for (let m = 0; m < shift[d]!.length; m++)
    if (confidentShift(shift[d]![m]!, se[m]!) && shiftIdentified(identifiable, d, p.reference, m)) n++;
  return n;
}

function topShifts(input: SummaryInput, shift: Shifts, d: number): { mutation: string; shift: number }[] {
  const { prepared: p, identifiable } = input;
  if (d === p.reference) return [];
  const own = shift[d]!;
  const ranked: number[] = [];
  for (let m = 0; m < own.length; m++)
    if (own[m] !== 0 && shiftIdentified(identifiable, d, p.reference, m)) ranked.push(m);
  ranked.sort((a, b) => Math.abs(own[b]!) - Math.abs(own[a]!));
  return ranked
    .slice(0, TOP_SHIFTS)
    .map((m) => ({ mutation: mutationName(p.alphabet, p.mutations[m]!), shift: own[m]! }));
}

/**
 * Share of the identified stop-codon mutations (`…*`) whose shift is non-zero, over the
 * non-reference conditions; null when there is none to count. A λ choice criterion
 * (lambdaChoice.ts): a stop codon is dead in every background, so these shifts are false.
 */
function stopShiftShare(input: SummaryInput, shift: Shifts): number | null {
  const { prepared: p, identifiable } = input;
  let stops = 0;
  let shifted = 0;
  p.mutations.forEach((mutation, m) => {
    if (!mutationName(p.alphabet, mutation).endsWith('*')) return;
    for (let d = 0; d < shift.length; d++) {
      if (d === p.reference || !shiftIdentified(identifiable, d, p.reference, m)) continue;
      stops++;
      if (shift[d]![m] !== 0) shifted++;
    }
  });
  return stops > 0 ? shifted / stops : null;
}

function warningsOf(input: SummaryInput): string[] {
  const out: string[] = [...(input.dataWarnings ?? [])];
  const { health, prepared } = input;
  if (health.flatShare >= FLAT_WARNING_SHARE && input.stopReason !== 'saturated')
    out.push(
      `${(100 * health.flatShare).toFixed(0)} % of the training variants sit where the global-epistasis curve is flat: the effects of mutations seen only there are set by the ridge, not the data (identifiable_<condition> in mutations.csv)`,
    );
  for (const entry of health.atBound)
    out.push(
      `${entry}: the bound, not the data, sets the curve's height and so the scale of β and shifts (usual where scores reach past the sigmoid's plateaus, as on Delta + BA.2; a ridge on β above the default also pushes it there)`,
    );
  const v = input.validation;
  if (v) {
    prepared.conditions.forEach((c, d) => {
      const loss = v.metrics[d]!.loss;
      const train = input.training[d]!.loss;
      if (loss > v.coldLoss[d]!)
        out.push(
          `${c}: the validation loss (${loss.toPrecision(3)}) is above the untrained model's (${v.coldLoss[d]!.toPrecision(3)}): the fit does not predict held-out variants`,
        );
      else if (loss > OVERFIT_RATIO * train)
        out.push(
          `${c}: the validation loss (${loss.toPrecision(3)}) is ${(loss / train).toFixed(0)}× the training loss (${train.toPrecision(3)}): the fit does not generalise`,
        );
    });
  }
  return out;
}

export function summarizeFit(input: SummaryInput): FitSummary {
  const { prepared: p, result: r, params } = input;
  const shift = shifts(params, p.reference);
  const last = r.trajectory[r.trajectory.length - 1]!;
  return {
    lambda: input.lambda,
    solver: input.solver,
    converged: input.stopReason === 'converged',
    cancelled: input.stopReason === 'cancelled',
    stopReason: input.stopReason,
    stopDetail: describeStop(input.stopReason, input.health),
    advice: input.advice ?? null,
    stationarity: r.stationarity,
    tolerance: input.tolerance,
    iterations: r.iterations,
    dataPasses: r.evaluations,
    seconds: r.seconds,
    objective: last.objective,
    penalty: last.penalty,
    theta: Object.fromEntries(input.thetaNames.map((n, j) => [n, params.theta[j]!])),
    health: input.health,
    stopShiftShare: stopShiftShare(input, shift),
    confidentZ: CONFIDENT_Z,
    starts: input.starts,
    warnings: warningsOf(input),
    conditions: Object.fromEntries(
      p.conditions.map((c, d) => {
        const notIdentifiable = { 'single-variant': 0, saturated: 0, unseen: 0 };
        for (const code of input.identifiable[d]!) {
          const why = IDENTIFIABILITY[code]!;
          if (why !== 'yes') notIdentifiable[why]++;
        }
        const v = input.validation;
        return [
          c,
          {
            training: input.training[d]!,
            ...(v ? { validation: v.metrics[d]!, coldValidationLoss: v.coldLoss[d]! } : {}),
            nonzeroShifts: input.nonzero[d]!,
            confidentShifts: confidentShifts(input, shift, d),
            beta0: params.beta0[d]!,
            wildtype: input.wildtypes[d]!,
            notIdentifiable,
            topShifts: topShifts(input, shift, d),
          },
        ];
      }),
    ),
  };
}
