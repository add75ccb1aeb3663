/**
 * Scores new variants with a saved model (multidms `add_phenotypes_to_df`): each row's
 * substitutions, relative to its condition's wildtype, are converted to the reference wildtype
 * as in training, encoded on the model's mutation columns and passed through g and t.
 * Unknown conditions, sites, wildtype letters or mutations are an error, or NaN by option.
 */
import { UserError } from '../errors';
import { MIXED_REPLICATES, type VariantList } from '../data/prepare/variants';
import { ReferenceConverter } from '../data/prepare/referenceRelative';
import { mutationSite, mutationWt, siteLabel } from '../data/sites';
import { mutationName, substitutionsText, type VariantTable } from '../data/variantTable';
import type { LoadedModel } from './modelFile';

export interface Prediction {
  latent: Float64Array;
  score: Float64Array;
  /** Score minus the condition's wildtype score (multidms's phenotype_as_effect). */
  effect: Float64Array;
  /** Reference-relative substitutions ('' where unknown). */
  wrtRef: string[];
  /** Why a row could not be scored (empty string if it was). */
  problem: string[];
}

export function predictTable(model: LoadedModel, t: VariantTable, unknown: 'error' | 'nan'): Prediction {
  const doc = model.doc;
  const abc = t.alphabet;
  const conditionIndex = t.conditionNames.map((c) => doc.conditions.indexOf(c));
  const v: VariantList = {
    n: t.rows,
    condition: Uint16Array.from(t.condition, (c) => Math.max(0, conditionIndex[c]!)),
    score: t.score,
    weight: new Float64Array(t.rows).fill(1),
    scoreVar: t.scoreVar,
    replicate: new Uint16Array(t.rows).fill(MIXED_REPLICATES),
    file: t.file,
    line: t.line,
    tableRow: Uint32Array.from({ length: t.rows }, (_, i) => i),
    tokenPtr: t.tokenPtr,
    tokens: t.tokens,
    keys: t.keys,
  };
  const converter = new ReferenceConverter(v, model.bundles);
  const scratch = new Uint32Array(converter.maxLength);
  const out: Prediction = {
    latent: new Float64Array(t.rows).fill(NaN),
    score: new Float64Array(t.rows).fill(NaN),
    effect: new Float64Array(t.rows).fill(NaN),
    wrtRef: new Array<string>(t.rows).fill(''),
    problem: new Array<string>(t.rows).fill(''),
  };
  const wildtypeScore = doc.conditions.map((c, d) => {
    let latent = doc.beta0[c]!;
    for (const key of model.bundles[d]!) latent += doc.beta[c]![model.column.get(key)!]!;
    return model.activation.value(model.epistasis.value(latent, model.theta));
  });
  for (let i = 0; i < t.rows; i++) {
    const d = conditionIndex[t.condition[i]!]!;
    let problem = '';
    if (d < 0)
      problem = `condition '${t.conditionNames[t.condition[i]!]}' is not in the model (${doc.conditions.join(', ')})`;
    for (let k = t.tokenPtr[i]!; k < t.tokenPtr[i + 1]! && !problem; k++) {
      const key = t.keys.key(t.tokens[k]!);
      const wt = model.wildtype[d]!.get(mutationSite(key));
      if (wt === undefined) problem = `site ${siteLabel(mutationSite(key))} is not in the model`;
      else if (wt !== mutationWt(key)) {
        problem = `${mutationName(abc, key)}: the wildtype of ${doc.conditions[d]} at site ${siteLabel(mutationSite(key))} is ${abc.letters[wt]}`;
      }
    }
    let latent = NaN;
    if (!problem) {
      const c = doc.conditions[d]!;
      const n = converter.convert(i, scratch);
      out.wrtRef[i] = substitutionsText(abc, t.keys, scratch, 0, n);
      latent = doc.beta0[c]!;
      for (let k = 0; k < n && !problem; k++) {
        const col = model.column.get(t.keys.key(scratch[k]!));
        if (col === undefined)
          problem = `mutation ${mutationName(abc, t.keys.key(scratch[k]!))} is not in the model`;
        else latent += doc.beta[c]![col]!;
      }
    }
    if (problem) {
      if (unknown === 'error') {
        throw new UserError(
          `${t.files[t.file[i]!]} line ${t.line[i]}: ${problem} (use unknown = nan to score such rows as NaN)`,
        );
      }
      out.problem[i] = problem;
      continue;
    }
    out.latent[i] = latent;
    out.score[i] = model.activation.value(model.epistasis.value(latent, model.theta));
    out.effect[i] = out.score[i]! - wildtypeScore[d]!;
  }
  return out;
}
