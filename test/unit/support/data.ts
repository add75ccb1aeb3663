/** Small helpers for data tests: load CSV text, prepare it, and look at results as strings. */
import { loadDataset, type LoadedDataset } from '../../../src/core/data/load.ts';
import { resolveDataOptions, type DataOptions } from '../../../src/core/data/options.ts';
import {
  prepareDataset,
  referenceRelativeText,
  type PreparedData,
} from '../../../src/core/data/prepare/prepare.ts';
import { referenceDesign } from '../../../src/core/data/prepare/encoding.ts';
import type { BinaryCsr } from '../../../src/core/sparse.ts';
import { mutationName } from '../../../src/core/data/variantTable.ts';

/** multidms's canonical test table (tests/test_data.py `TEST_FUNC_SCORES`). */
export const TEST_FUNC_SCORES = `condition,aa_substitutions,func_score
a,M1E,2.0
a,G3R,-7.0
a,G3P,-0.5
a,M1W,2.3
b,M1E,1.0
b,P3R,-5.0
b,P3G,0.4
b,M1E P3G,2.7
b,M1E P3R,-2.7
b,P2T,0.3
`;

export async function load(
  text: string,
  options: Partial<DataOptions> = {},
  name = 'test.csv',
): Promise<LoadedDataset> {
  return loadDataset([{ path: name, text }], resolveDataOptions({ alphabet: 'aa-stop', ...options }));
}

export async function prepare(
  text: string,
  options: Partial<DataOptions> & { reference: string },
): Promise<PreparedData> {
  const loaded = await load(text, options);
  if (loaded.errors > 0) throw new Error(JSON.stringify(loaded.diagnostics, null, 1));
  return prepareDataset(loaded.table, { reference: options.reference, collapse: options.collapse ?? 'none' });
}

export function mutations(p: PreparedData): string[] {
  return [...p.mutations].map((k) => mutationName(p.alphabet, k));
}

/** var_wrt_ref of the kept variants, in variant order. */
export function wrtRef(p: PreparedData): string[] {
  const out: string[] = [];
  for (let i = 0; i < p.variants.n; i++) if (p.alive[i]) out.push(referenceRelativeText(p, i));
  return out;
}

export function dense(p: PreparedData, condition: string, scaled = false): number[][] {
  const e = p.encodings[p.conditions.indexOf(condition)]!;
  return csrToDense(scaled ? e.Xs : referenceDesign(e));
}

export function timesSeen(p: PreparedData, condition: string): number[] {
  return [...p.encodings[p.conditions.indexOf(condition)]!.timesSeen];
}

/** Dense copy of a 0/1 CSR matrix (tiny test problems only). */
function csrToDense(m: BinaryCsr): number[][] {
  const out = Array.from({ length: m.rows }, () => new Array<number>(m.cols).fill(0));
  for (let i = 0; i < m.rows; i++) for (let k = m.ptr[i]!; k < m.ptr[i + 1]!; k++) out[i]![m.idx[k]!] = 1;
  return out;
}
