/**
 * A results folder's ridge choice (`--ridge-grid`) for the panel and the report, from
 * lambda.json's `ridge` record: each ridge's validation loss per λ as the choice averaged it
 * (ridgeChoice.ts), the ridges on ge_scale's bound, the rule.
 */
import type { RidgeChoice } from '../core/fit/ridgeChoice';
import type { RidgeIndex } from '../plots/model';

export function readRidge(choice: { ridge?: RidgeChoice }): RidgeIndex | undefined {
  const r = choice.ridge;
  if (!r) return undefined;
  return {
    chosen: r.ridge,
    validation: r.validation,
    rule: r.rule,
    ...(r.reason ? { reason: r.reason } : {}),
    onBound: r.perRidge.filter((p) => p.onBound).map((p) => p.ridge),
    losses: r.perRidge.flatMap((p) =>
      p.perLambda.map(({ lambda, loss }) => ({ ridge: p.ridge, lambda, loss })),
    ),
  };
}
