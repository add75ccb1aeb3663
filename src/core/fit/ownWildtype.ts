/**
 * Effects in each condition's own coordinates (multidms #302, #192): mutations.csv names every
 * mutation from the reference's wildtype, so at a site where condition d's wildtype w_d differs
 * from the reference's w_r, "w_r→a" is not a substitution anyone made in d. Here each
 * condition's effects are restated from its own wildtype:
 *  - w_d→a (a ≠ w_d) has β_d(w_r→a) − β_d(w_r→w_d) (β_d(w_r→a) where w_d = w_r), the change of
 *    latent phenotype from d's wildtype when site s becomes a; and w_d→w_r has −β_d(w_r→w_d);
 *  - its shift is that effect in d minus the same substitution's effect in the reference,
 *    shift_d(w_r→a) − shift_d(w_r→w_d) (for w_d→w_r: −shift_d(w_r→w_d)).
 * Sites a condition never showed (no wildtype known) are left out for it.
 */
import type { PreparedData } from '../data/prepare/prepare';
import { mutationKey, mutationMut, mutationSite, mutationWt, siteLabel } from '../data/sites';
import type { OutputTable } from '../io/csvWriter';
import type { NaturalParameters } from '../model/parameters';

export function ownWildtypeTable(p: PreparedData, params: NaturalParameters): OutputTable {
  const { letters } = p.alphabet;
  const S = p.siteMap.sites.length;
  const siteIndex = new Map([...p.siteMap.sites].map((key, s) => [key, s]));
  const column = new Map([...p.mutations].map((key, j) => [key, j]));
  const ref = p.reference;
  return {
    columns: ['condition', 'mutation', 'site', 'wildtype', 'mutant', 'beta', 'shift', 'reference_mutation'],
    rows: (function* () {
      for (let d = 0; d < p.conditions.length; d++) {
        const beta = params.beta[d]!;
        const shift = (j: number) => (d === ref ? 0 : beta[j]! - params.beta[ref]![j]!);
        for (let j = 0; j < p.mutations.length; j++) {
          const key = p.mutations[j]!;
          const site = mutationSite(key);
          const wr = mutationWt(key);
          const a = mutationMut(key);
          const wd = p.siteMap.wildtype[d * S + siteIndex.get(site)!]!;
          if (wd < 0) continue;
          const row = (from: number, to: number, b: number, sh: number) => [
            p.conditions[d],
            `${letters[from]}${siteLabel(site)}${letters[to]}`,
            siteLabel(site),
            letters[from],
            letters[to],
            b,
            d === ref ? null : sh,
            `${letters[wr]}${siteLabel(site)}${letters[a]}`,
          ];
          if (wd === wr) {
            yield row(wr, a, beta[j]!, shift(j));
            continue;
          }
          // d's own wildtype at this site: the mutation w_r→w_d is its bundle mutation.
          const k = column.get(mutationKey(site, wr, wd));
          if (k === undefined) continue;
          if (a === wd) yield row(wd, wr, -beta[j]!, -shift(j));
          else yield row(wd, a, beta[j]! - beta[k]!, shift(j) - shift(k));
        }
      }
    })(),
  };
}
