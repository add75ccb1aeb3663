/** A JSON summary of a prepared dataset: what the fit will see and what was left out, per condition. */
import type { LoadedDataset } from '../load';
import { siteLabel } from '../sites';
import { mutationName } from '../variantTable';
import { referenceRowSums, type ConditionEncoding } from './encoding';
import type { PreparedData } from './prepare';

export interface ConditionSummary {
  name: string;
  isReference: boolean;
  inputRows: number;
  /** Variants after collapsing (= rows without collapsing). */
  variants: number;
  kept: number;
  dropped: Record<string, number>;
  bundle: string[];
  meanRowSum: { reference: number; scaled: number };
}

export interface DataSummary {
  conditions: ConditionSummary[];
  reference: string;
  mutations: number;
  sites: number;
  collapse: string;
  unknownWildtypeSites: string[];
  invalidBundleSites: string[];
  inputRows: number;
  rejectedRows: number;
  keptVariants: number;
}

export function summarize(p: PreparedData, loaded: Pick<LoadedDataset, 'table' | 'rejected'>): DataSummary {
  const t = loaded.table;
  const conditions: ConditionSummary[] = p.conditions.map((name, d) => ({
    name,
    isReference: d === p.reference,
    inputRows: 0,
    variants: 0,
    kept: p.encodings[d]!.variants.length,
    dropped: {},
    bundle: p.bundles[d]!.map((k) => mutationName(p.alphabet, k)),
    meanRowSum: meanRowSums(p.encodings[d]!),
  }));
  const byName = new Map(conditions.map((c) => [c.name, c]));
  for (let i = 0; i < t.rows; i++) byName.get(t.conditionNames[t.condition[i]!]!)!.inputRows++;
  for (let i = 0; i < p.variants.n; i++) conditions[p.variants.condition[i]!]!.variants++;
  for (const d of p.dropped) {
    const c = conditions[p.variants.condition[d.variant]!]!;
    c.dropped[d.reason] = (c.dropped[d.reason] ?? 0) + 1;
  }
  for (const r of loaded.rejected) {
    const c = byName.get(r.condition);
    if (!c) continue;
    c.inputRows++;
    c.dropped['invalid-row'] = (c.dropped['invalid-row'] ?? 0) + 1;
  }
  return {
    conditions,
    reference: p.conditions[p.reference]!,
    mutations: p.mutations.length,
    sites: p.siteMap.sites.length,
    collapse: p.collapse,
    unknownWildtypeSites: p.unknownSites.map((u) => siteLabel(u.site)),
    invalidBundleSites: [...new Set(p.invalidSites.map((s) => siteLabel(s.site)))],
    inputRows: t.rows + loaded.rejected.length,
    rejectedRows: loaded.rejected.length,
    keptVariants: p.alive.reduce((a, b) => a + b, 0),
  };
}

function meanRowSums(e: ConditionEncoding): { reference: number; scaled: number } {
  const n = Math.max(1, e.Xs.rows);
  return { reference: referenceRowSums(e).reduce((a, b) => a + b, 0) / n, scaled: e.Xs.idx.length / n };
}
