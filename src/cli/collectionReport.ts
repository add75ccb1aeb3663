/**
 * What `dmsfit fit` and `dmsfit collect` say about a finished collection on stderr: the λ
 * recommended and why, the combined fit, the all-variant refits' agreement, and every fit that
 * did not converge with the next step to take.
 */
import { join } from 'node:path';
import { escapeControls } from '../core/data/safeText';
import type { FitSummary } from '../core/fit/fitSummary';
import type { JobChoice } from '../core/fit/ridgeChoice';
import { adviceFlag } from '../core/fit/stopReason';
import { ALL_VARIANTS_FOLDER, COMBINED_FOLDER, REPLICATE_PREFIX } from '../core/io/resultsLayout';
import type { AllVariantFits, ReplicateFit } from '../jobs/collectionOutputs';

export interface FinishedCollection {
  fits: ReplicateFit[];
  recommended?: JobChoice;
  combined?: FitSummary;
  allVariants?: AllVariantFits;
}

const say = (text: string) => process.stderr.write(escapeControls(text, true));

/** The summary lines of a collection in `out` (the λ choice is in `choiceFile`). */
export function reportCollection(result: FinishedCollection, out: string, choiceFile: string): void {
  const choice = result.recommended;
  if (choice)
    say(
      choice.lambda === null
        ? `${choice.reason}\n`
        : `recommended λ = ${choice.lambda} (decided by ${choice.decidedBy ?? 'validation loss'}; every criterion per λ in ${choiceFile})\n`,
    );
  const ridge = choice?.ridge;
  if (ridge)
    say(
      `ridge on β = ${ridge.ridge} (${ridge.reason ?? `by ${ridge.validation}: ${ridge.rule}`}; every ridge in ${choiceFile} and ridge.csv)\n`,
    );
  const combined = result.combined;
  if (combined) {
    const confident = Object.entries(combined.conditions)
      .filter(([, c]) => c.nonzeroShifts > 0)
      .map(([name, c]) => `${name} ${c.confidentShifts} of ${c.nonzeroShifts}`);
    say(
      `combined fit of all replicates at λ = ${combined.lambda}: ${combined.stopDetail}; confident shifts: ${confident.join(', ') || 'none'} (${join(out, COMBINED_FOLDER)})\n`,
    );
  }
  const refits = result.allVariants;
  if (refits) {
    const r = (v: number | null) => (v === null ? 'none' : v.toFixed(3));
    const unconverged = refits.fits.filter((f) => !f.summary.converged).map((f) => f.replicate);
    say(
      `each replicate refitted on all its variants at that λ: replicate agreement shift r ${r(refits.shiftAgreement)}, β r ${r(refits.betaAgreement)}${unconverged.length > 0 ? `; not converged: ${unconverged.join(', ')}` : ''} (${join(out, `${REPLICATE_PREFIX}*`, ALL_VARIANTS_FOLDER)})\n`,
    );
  }
}

/** One line per fit that did not converge, with its next step; how many there were. */
export function reportUnconverged(fits: ReplicateFit[]): number {
  const unconverged = fits.filter((f) => !f.summary.converged);
  for (const f of unconverged) {
    const which = `${f.replicate ? `replicate ${f.replicate} ` : ''}λ = ${f.summary.lambda}`;
    const next = f.summary.advice
      ? `; next step: ${f.summary.advice.text} (${adviceFlag(f.summary.advice)})`
      : '';
    say(`dmsfit: ${which}: ${f.summary.stopDetail}${next}\n`);
  }
  return unconverged.length;
}
