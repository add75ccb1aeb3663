/**
 * multidms-compatible data preparation, step by step (multidms `Data`, §2 of the reference):
 * sort conditions; optionally collapse identical variants; infer each condition's wildtype
 * per site; drop variants at sites whose wildtype is unknown in some condition; find
 * non-identical sites and drop those failing the forward+reversion check; convert every
 * variant to reference-relative substitutions; encode. Unlike multidms, every dropped variant
 * is kept on record with its reason. All passes work on dense substitution ids.
 */
import type { Alphabet } from '../alphabet';
import type { KeyIndex } from '../keyIndex';
import type { CollapseMode } from '../options';
import { siteLabel } from '../sites';
import { substitutionsText, type VariantTable } from '../variantTable';
import {
  bundleMutations,
  invalidNonIdenticalSites,
  nonIdenticalSites,
  observedSubstitutions,
  type InvalidSite,
} from './bundles';
import { orderConditions } from './conditions';
import { encodeCondition, mutationColumns, type ConditionEncoding } from './encoding';
import { ReferenceConverter } from './referenceRelative';
import type { SiteNumberColumns } from '../siteNumbering';
import { inferSiteMap, sitesWithUnknownWildtype, wildtypeAt, withoutSites, type SiteMap } from './siteMap';
import { variantsOf, type VariantList } from './variants';

export type DropReason = 'unknown-wildtype' | 'invalid-bundle-site';

export interface DroppedVariant {
  variant: number;
  reason: DropReason;
  detail: string;
}

export interface PreparedData {
  alphabet: Alphabet;
  keys: KeyIndex;
  /** Condition names, sorted; every per-condition array follows this order. */
  conditions: string[];
  reference: number;
  replicateNames: string[];
  collapse: CollapseMode;
  variants: VariantList;
  /** 1 for variants that reach the model. */
  alive: Uint8Array;
  dropped: DroppedVariant[];
  /** Final site map (sites with an unknown or invalid wildtype removed). */
  siteMap: SiteMap;
  /** Sequential site and region of each site-map site, from a site numbering map (siteNumbers.ts). */
  siteNumbers?: SiteNumberColumns;
  /** Per condition: site-map indices where its wildtype differs from the reference's. */
  nonIdentical: number[][];
  /** Per condition: bundle mutations (keys `R s C`), in site order. */
  bundles: number[][];
  /** Conditions whose wildtype equals the reference's at every site (the reference included). */
  referenceSequence: boolean[];
  unknownSites: { site: number; missingIn: string[] }[];
  invalidSites: (Omit<InvalidSite, 'site' | 'condition'> & { site: number; condition: string })[];
  /** var_wrt_ref of any variant, computed on demand. */
  converter: ReferenceConverter;
  /** Mutation columns as keys, in column order. */
  mutations: Float64Array;
  encodings: ConditionEncoding[];
}

export interface PrepareOptions {
  reference: string;
  collapse: CollapseMode;
}

/** Marks living variants with a substitution at a removed site as dropped, with that site's reason. */
function dropAtSites(
  v: VariantList,
  alive: Uint8Array,
  siteOfId: Int32Array,
  reasons: Map<number, string>,
  reason: DropReason,
  dropped: DroppedVariant[],
): void {
  for (let i = 0; i < v.n; i++) {
    if (!alive[i]) continue;
    for (let k = v.tokenPtr[i]!; k < v.tokenPtr[i + 1]!; k++) {
      const why = reasons.get(siteOfId[v.tokens[k]!]!);
      if (why !== undefined) {
        alive[i] = 0;
        dropped.push({ variant: i, reason, detail: why });
        break;
      }
    }
  }
}

export function prepareDataset(table: VariantTable, options: PrepareOptions): PreparedData {
  const order = orderConditions(table.conditionNames, options.reference);
  const names = order.names;
  const D = names.length;
  const ref = order.reference;
  const letters = table.alphabet.letters;
  const v = variantsOf(table, order, options.collapse);
  const alive = new Uint8Array(v.n).fill(1);
  const dropped: DroppedVariant[] = [];

  let map = inferSiteMap(v, D, alive);
  const unknown = sitesWithUnknownWildtype(map);
  const unknownSites = unknown.map((u) => ({
    site: map.sites[u.site]!,
    missingIn: u.missingIn.map((d) => names[d]!),
  }));
  if (unknown.length > 0) {
    const why = new Map<number, string>();
    unknown.forEach((u, k) => {
      const { site, missingIn } = unknownSites[k]!;
      why.set(u.site, `site ${siteLabel(site)} has no known wildtype in ${missingIn.join(', ')}`);
    });
    dropAtSites(v, alive, map.siteOfId, why, 'unknown-wildtype', dropped);
    map = withoutSites(map, new Set(unknown.map((u) => u.site)));
  }

  let nonIdentical = nonIdenticalSites(map, ref);
  const invalid = invalidNonIdenticalSites(
    map,
    ref,
    nonIdentical,
    observedSubstitutions(v, D, alive),
    v.keys,
  );
  const invalidSites = invalid.map((x) => ({
    site: map.sites[x.site]!,
    condition: names[x.condition]!,
    forwardSeen: x.forwardSeen,
    reversionSeen: x.reversionSeen,
  }));
  if (invalid.length > 0) {
    const why = new Map<number, string>();
    for (const x of invalid) {
      if (why.has(x.site)) continue;
      const r = letters[wildtypeAt(map, ref, x.site)]!;
      const c = letters[wildtypeAt(map, x.condition, x.site)]!;
      const label = siteLabel(map.sites[x.site]!);
      const missing = [
        x.forwardSeen ? '' : `no ${names[ref]} variant carries ${r}${label}${c}`,
        x.reversionSeen ? '' : `no ${names[x.condition]} variant carries ${c}${label}${r}`,
      ].filter(Boolean);
      why.set(
        x.site,
        `site ${label} differs between ${names[ref]} (${r}) and ${names[x.condition]} (${c}) but ${missing.join(' and ')}`,
      );
    }
    dropAtSites(v, alive, map.siteOfId, why, 'invalid-bundle-site', dropped);
    map = withoutSites(map, new Set(invalid.map((x) => x.site)));
    nonIdentical = nonIdenticalSites(map, ref);
  }

  const bundles = bundleMutations(map, ref, nonIdentical);
  const converter = new ReferenceConverter(v, bundles);
  const bundleIds = bundles.map((b) => b.map((key) => v.keys.id(key)));
  const columns = mutationColumns(v, alive, converter, bundleIds);
  const encodings = names.map((_, d) => encodeCondition(v, alive, d, converter, columns, bundleIds[d]!));
  return {
    alphabet: table.alphabet,
    keys: v.keys,
    conditions: names,
    reference: ref,
    replicateNames: table.replicateNames,
    collapse: options.collapse,
    variants: v,
    alive,
    dropped,
    siteMap: map,
    nonIdentical,
    bundles,
    referenceSequence: nonIdentical.map((s) => s.length === 0),
    unknownSites,
    invalidSites,
    converter,
    mutations: columns.keys,
    encodings,
  };
}

/** var_wrt_ref text of variant i. */
export function referenceRelativeText(
  p: PreparedData,
  i: number,
  scratch = new Uint32Array(p.converter.maxLength),
): string {
  const n = p.converter.convert(i, scratch);
  return substitutionsText(p.alphabet, p.keys, scratch, 0, n);
}
