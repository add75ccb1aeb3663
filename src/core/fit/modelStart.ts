/**
 * A fit that starts from a saved model (multidms #178: refit an already fitted model, say on
 * more data or at another λ): its natural β, β0 and θ, matched to this dataset by condition and
 * mutation name. Mutations the model lacks start at 0; the conditions, the reference and the
 * epistasis must be the model's, since β and θ mean something else otherwise.
 */
import { UserError } from '../errors';
import type { PreparedData } from '../data/prepare/prepare';
import { mutationName } from '../data/variantTable';
import { own } from '../data/nameRecord';
import type { ModelOptions } from '../model/options';
import type { NaturalParameters } from '../model/parameters';
import type { ModelDocument } from './modelFile';

export interface ModelStart {
  params: NaturalParameters;
  /** Mutations of this dataset with a starting value from the model, of all of them. */
  matched: number;
  mutations: number;
}

export function startFromModel(
  doc: ModelDocument,
  p: PreparedData,
  options: ModelOptions,
  thetaNames: readonly string[],
): ModelStart {
  const reference = p.conditions[p.reference]!;
  if (doc.reference !== reference)
    throw new UserError(
      `the starting model's reference is ${doc.reference}, this fit's is ${reference}: its β would mean effects against another wildtype`,
    );
  const missing = p.conditions.filter((c) => !doc.conditions.includes(c));
  if (missing.length > 0)
    throw new UserError(`the starting model has no parameters for ${missing.join(', ')}`);
  if (
    doc.epistasis.name !== options.epistasis ||
    (options.epistasis === 'nn' && doc.epistasis.hiddenUnits !== options.hiddenUnits)
  )
    throw new UserError(
      `the starting model's epistasis is ${doc.epistasis.name}${doc.epistasis.name === 'nn' ? ` with ${doc.epistasis.hiddenUnits} hidden units` : ''}, this fit's ${options.epistasis}: choose the same, or start from zero`,
    );
  const column = new Map(doc.mutations.map((m, k) => [m, k]));
  const at = [...p.mutations].map((k) => column.get(mutationName(p.alphabet, k)) ?? -1);
  const theta = Float64Array.from(thetaNames, (n) => {
    const v = own(doc.theta, n);
    if (v === undefined) throw new UserError(`the starting model lacks θ entry ${n}`);
    return v;
  });
  const params: NaturalParameters = {
    beta: p.conditions.map((c) => {
      const saved = own(doc.beta, c)!;
      return Float64Array.from(at, (k) => (k < 0 ? 0 : saved[k]!));
    }),
    beta0: Float64Array.from(p.conditions, (c) => own(doc.beta0, c)!),
    theta,
  };
  return { params, matched: at.filter((k) => k >= 0).length, mutations: at.length };
}
