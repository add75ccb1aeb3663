/**
 * The wildtype letter of every condition at every site, inferred from the substitutions
 * (each token `W123M` says condition's wildtype at 123 is W). Validation has already rejected
 * rows whose wildtype letters disagree, so there is no "last write wins" here.
 */
import { mutationSite, mutationWt } from '../sites';
import type { VariantList } from './variants';

export interface SiteMap {
  /** Site keys in natural order. */
  sites: Float64Array;
  /** Wildtype letter index per condition and site (`wildtype[d * S + s]`), -1 if never seen. */
  wildtype: Int8Array;
  conditions: number;
  indexOf: Map<number, number>;
}

export function inferSiteMap(v: VariantList, conditions: number, alive: Uint8Array): SiteMap {
  const keys = new Set<number>();
  for (let i = 0; i < v.n; i++) {
    if (!alive[i]) continue;
    for (let k = v.tokenPtr[i]!; k < v.tokenPtr[i + 1]!; k++) keys.add(mutationSite(v.tokens[k]!));
  }
  const sites = Float64Array.from(keys).sort();
  const indexOf = new Map<number, number>();
  sites.forEach((s, i) => indexOf.set(s, i));
  const S = sites.length;
  const wildtype = new Int8Array(conditions * S).fill(-1);
  for (let i = 0; i < v.n; i++) {
    if (!alive[i]) continue;
    const row = v.condition[i]! * S;
    for (let k = v.tokenPtr[i]!; k < v.tokenPtr[i + 1]!; k++) {
      const key = v.tokens[k]!;
      wildtype[row + indexOf.get(mutationSite(key))!] = mutationWt(key);
    }
  }
  return { sites, wildtype, conditions, indexOf };
}

export function wildtypeAt(map: SiteMap, condition: number, site: number): number {
  return map.wildtype[condition * map.sites.length + site]!;
}

/** Site indices whose wildtype is unknown in at least one condition, with those conditions. */
export function sitesWithUnknownWildtype(map: SiteMap): { site: number; missingIn: number[] }[] {
  const out: { site: number; missingIn: number[] }[] = [];
  for (let s = 0; s < map.sites.length; s++) {
    const missingIn: number[] = [];
    for (let d = 0; d < map.conditions; d++) if (wildtypeAt(map, d, s) < 0) missingIn.push(d);
    if (missingIn.length > 0) out.push({ site: s, missingIn });
  }
  return out;
}

/** The site map without the given site indices (they leave the model with their variants). */
export function withoutSites(map: SiteMap, remove: Set<number>): SiteMap {
  const keep: number[] = [];
  for (let s = 0; s < map.sites.length; s++) if (!remove.has(s)) keep.push(s);
  const S = map.sites.length;
  const sites = Float64Array.from(keep.map((s) => map.sites[s]!));
  const wildtype = new Int8Array(map.conditions * keep.length);
  for (let d = 0; d < map.conditions; d++) {
    keep.forEach((s, j) => (wildtype[d * keep.length + j] = map.wildtype[d * S + s]!));
  }
  const indexOf = new Map<number, number>();
  sites.forEach((s, i) => indexOf.set(s, i));
  return { sites, wildtype, conditions: map.conditions, indexOf };
}
