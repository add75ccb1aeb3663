/**
 * Choosing λ on several criteria, as multidms's authors now do by hand:
 *  1. convergence: only λ whose fits all converged compete (an unconverged fit is never
 *     recommended, and when no λ qualifies the choice says why);
 *  2. validation loss: the candidates are the λ whose mean validation loss is within one standard
 *     error of the smallest (the one-standard-error rule of Hastie, Tibshirani & Friedman). The
 *     loss of a fit is the mean over conditions of each condition's mean validation loss; the
 *     standard error is taken across replicates, or across the folds of a k-fold
 *     cross-validation (crossValidation.ts, whose folds come as replicates), when there are
 *     several, else from the spread of the per-variant losses;
 *  3. stop-codon shifts: a stop codon is non-functional in every background, so a non-zero stop
 *     shift is a false one; candidates where more than MAX_STOP_SHIFT_SHARE of the identified
 *     stop mutations have a non-zero shift are left out;
 *  4. replicate agreement: with several replicates, the candidate whose shifts agree best between
 *     replicates (Pearson r, averaged over conditions and pairs) is chosen. On real data the
 *     validation loss is nearly flat across λ (XBB.1.5: 0.5843–0.5878 from λ_max down to
 *     2.6e-5, one standard error 0.017), so the one-standard-error rule alone recommends λ_max,
 *     where every shift is zero; agreement picks the λ whose shifts reproduce.
 *  Without replicates (or where no candidate has a defined agreement) the largest candidate λ is
 *  recommended, the sparsest shifts the data cannot tell from the best.
 *  Without a hold-out (the default), criterion 2 has nothing to go on: with replicates, 1, 3 and 4
 *  decide alone, on fits of all the variants — as multidms's authors choose across libraries. On
 *  XBB.1.5 libraries 1 and 2 (`--clip-low median-stop`, a 10-point grid) that recommends 1.15e-4,
 *  whose shifts agree at r 0.759 and β at 0.806 (the published pipeline: 0.729 and 0.780 at 1e-4).
 *  Agreement alone leans to sparse fits (a few large shifts that both libraries find); the
 *  validation loss of a hold-out is what bounds that.
 */
export interface ValidationRecord {
  lambda: number;
  replicate: string;
  converged: boolean;
  /** Per condition: mean validation loss and its standard error; empty without a hold-out. */
  conditions: { loss: number; lossStdErr: number }[];
  /** A global-epistasis parameter of the fit sits on its bound (fitHealth.ts); the ridge choice reads it. */
  onBound?: boolean;
}

/** Per λ, what the fits say beside their validation loss (collection.ts, fitJob.ts). */
export interface LambdaEvidence {
  lambda: number;
  /**
   * Mean Pearson r of the shifts between replicates over the mutations both identify; null when
   * undefined (every shift zero).
   */
  shiftAgreement: number | null;
  /** The same for β. */
  betaAgreement: number | null;
  /** Share of identified stop mutations with a non-zero shift (fitSummary.ts); null without any. */
  stopShiftShare: number | null;
}

export type DecidingCriterion = 'validation loss' | 'replicate agreement';

export interface LambdaChoice {
  /** null: no λ can be recommended (`reason` says why). */
  lambda: number | null;
  rule: string;
  /** The criterion that picked the λ among the candidates. */
  decidedBy?: DecidingCriterion;
  reason?: string;
  minimum: { lambda: number; loss: number; stdErr: number } | null;
  /**
   * Every eligible λ (descending), with its mean validation loss and standard error, whether it
   * is a candidate, and the evidence of the replicates when there is some.
   */
  perLambda: ({
    lambda: number;
    /** Mean validation loss and its standard error; null without a hold-out. */
    loss: number | null;
    stdErr: number | null;
    candidate: boolean;
  } & Partial<LambdaEvidence>)[];
  /** λ left out because some fit at it did not converge. */
  unconverged: number[];
}

/** Candidates with more non-zero stop shifts than this share are left out. */
export const MAX_STOP_SHIFT_SHARE = 0.05;

const RULE = `among the converged λ whose mean validation loss is within one standard error of the minimum and whose stop-codon shifts are at most ${100 * MAX_STOP_SHIFT_SHARE} % non-zero: the one whose shifts agree best between replicates, else the largest`;

function fitLoss(r: ValidationRecord): { loss: number; stdErr: number } {
  const D = r.conditions.length;
  const loss = r.conditions.reduce((s, c) => s + c.loss, 0) / D;
  const stdErr = Math.sqrt(r.conditions.reduce((s, c) => s + c.lossStdErr ** 2, 0)) / D;
  return { loss, stdErr };
}

const RULE_WITHOUT_HOLDOUT = `without a hold-out, among the converged λ whose stop-codon shifts are at most ${100 * MAX_STOP_SHIFT_SHARE} % non-zero: the one whose shifts agree best between replicates`;

const stopsOk = (e: LambdaEvidence | undefined) =>
  !(e?.stopShiftShare != null && e.stopShiftShare > MAX_STOP_SHIFT_SHARE);
const agrees = (e: Partial<LambdaEvidence>) => e.shiftAgreement != null && Number.isFinite(e.shiftAgreement);
const bestAgreeing = <T extends Partial<LambdaEvidence>>(rows: T[]): T =>
  rows.reduce((best, p) => (p.shiftAgreement! > best.shiftAgreement! ? p : best));
const neverUnconverged = (unconverged: number[]) =>
  `the fits at ${unconverged.map((l) => `λ = ${l}`).join(', ')} did not converge, and an unconverged fit is never recommended`;

/**
 * The recommended λ from every fit of the path (one record per λ and replicate) and what the
 * replicates say per λ. undefined when there is nothing to choose from: no hold-out, and no
 * agreement between replicates either.
 */
export function recommendLambda(
  records: ValidationRecord[],
  evidence: LambdaEvidence[] = [],
): LambdaChoice | undefined {
  if (records.length === 0) return undefined;
  const unconverged = [...new Set(records.filter((r) => !r.converged).map((r) => r.lambda))].sort(
    (a, b) => b - a,
  );
  if (records.every((r) => r.conditions.length === 0))
    return byAgreementAlone(records, evidence, unconverged);
  const usable = records.filter(
    (r) =>
      !unconverged.includes(r.lambda) &&
      r.conditions.length > 0 &&
      r.conditions.every((c) => Number.isFinite(c.loss)),
  );
  if (usable.length === 0) {
    const reason =
      unconverged.length > 0
        ? `no λ can be recommended: ${neverUnconverged(unconverged)}`
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
  const said = new Map(evidence.map((e) => [e.lambda, e]));
  const rows = perLambda.map((p) => {
    const e = said.get(p.lambda);
    return { ...p, candidate: p.loss <= minimum.loss + minimum.stdErr && stopsOk(e), ...(e ?? {}) };
  });
  // The minimum itself may have too many stop shifts; then the sparsest within reach stands in.
  const candidates = rows.filter((p) => p.candidate);
  if (candidates.length === 0) {
    const first = rows.find((p) => p.loss <= minimum.loss + minimum.stdErr)!;
    first.candidate = true;
    candidates.push(first);
  }
  const agreeing = candidates.filter(agrees);
  const chosen = agreeing.length > 0 ? bestAgreeing(agreeing) : candidates[0]!;
  return {
    lambda: chosen.lambda,
    rule: RULE,
    decidedBy: agreeing.length > 0 ? 'replicate agreement' : 'validation loss',
    minimum,
    perLambda: rows,
    unconverged,
  };
}

/** Criteria 1, 3 and 4 alone, for fits without a hold-out (see the module's comment). */
function byAgreementAlone(
  records: ValidationRecord[],
  evidence: LambdaEvidence[],
  unconverged: number[],
): LambdaChoice | undefined {
  if (!evidence.some(agrees)) return undefined;
  const said = new Map(evidence.map((e) => [e.lambda, e]));
  const lambdas = [...new Set(records.map((r) => r.lambda))]
    .filter((l) => !unconverged.includes(l))
    .sort((a, b) => b - a);
  const rows = lambdas.map((lambda) => {
    const e = said.get(lambda);
    return { lambda, loss: null, stdErr: null, candidate: stopsOk(e), ...(e ?? {}) };
  });
  const agreeing = rows.filter((p) => p.candidate && agrees(p));
  const base = { rule: RULE_WITHOUT_HOLDOUT, minimum: null, perLambda: rows, unconverged };
  if (agreeing.length === 0) {
    const why =
      lambdas.length === 0
        ? neverUnconverged(unconverged)
        : `no converged λ with at most ${100 * MAX_STOP_SHIFT_SHARE} % non-zero stop-codon shifts has shifts whose agreement between replicates is defined`;
    return { ...base, lambda: null, reason: `no λ can be recommended: ${why}` };
  }
  return { ...base, lambda: bestAgreeing(agreeing).lambda, decidedBy: 'replicate agreement' };
}
