/**
 * The entries of the panel's fit menu: the combined fit first (every replicate together at the
 * recommended λ, the estimate to report), then each replicate refitted on all its variants at
 * that λ, then every fit of the path, the recommended λ marked with the criterion that chose it,
 * an unconverged fit with how it ended.
 */
import type { FitRef, ResultsIndex } from '../../plots/model';
import { fitLabel } from '../../plots/specs/fitPlots';

export function fitMenu(index: ResultsIndex): { fit: FitRef; label: string }[] {
  // Short, for the menu's width: 'replicate agreement' → 'by agreement'.
  const by = index.recommendedBy ? ` by ${index.recommendedBy.replace(/^replicate /, '')}` : '';
  const refits = index.allVariants ?? [];
  const listed = [...(index.combined ? [index.combined] : []), ...refits, ...index.fits];
  return listed.map((fit) => {
    const mark =
      fit === index.combined
        ? ' (combined, at the recommended λ)'
        : refits.includes(fit)
          ? '' // its label says 'all variants'; its λ is the recommended one
          : fit.lambda === index.recommendedLambda
            ? ` (recommended${by})`
            : '';
    return {
      fit,
      label: `${fitLabel(fit.lambda, fit.replicate)}${mark}${fit.converged ? '' : ` — ${fit.stopDetail}`}`,
    };
  });
}
