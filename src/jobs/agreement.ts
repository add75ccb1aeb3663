/**
 * Agreement between a collection's replicates at one λ, from their mutations tables: Pearson r
 * of each β and shift column between each pair of replicates, over the mutations they share and
 * over those both identify (correlations.csv), and the evidence λ is chosen on
 * (lambdaChoice.ts): the mean shift and β agreement over identified mutations, and the
 * replicates' mean share of non-zero stop-codon shifts.
 */
import type { FitSummary } from '../core/fit/fitSummary';
import type { LambdaEvidence } from '../core/fit/lambdaChoice';
import type { Cell } from '../core/io/csvWriter';
import { pearson } from '../core/stats';
import type { MutationsTable } from './replicateMutations';

export const CORRELATION_COLUMNS = [
  'lambda',
  'replicates',
  'parameter',
  'pearson_r',
  'mutations',
  'pearson_r_identified',
  'mutations_identified',
];

/** beta_<c> and shift_<c> columns of a table, by mutation, and the identified mutations. */
function parameters(table: MutationsTable) {
  const columns = table.columns.filter((c) => /^(beta|shift)_/.test(c));
  const values = new Map(columns.map((c) => [c, new Map<string, number>()]));
  const identified = new Set<string>();
  const flagged = table.columns.includes('identified');
  for (const [mutation, row] of table.rows) {
    for (const c of columns) values.get(c)!.set(mutation, Number(table.get(row, c)));
    if (!flagged || table.get(row, 'identified') === 'true') identified.add(mutation);
  }
  return { columns, values, identified };
}

/** Pearson r over the mutations two replicates share (optionally only those both identify). */
function sharedCorrelation(
  va: Map<string, number>,
  vb: Map<string, number>,
  keep: (mutation: string) => boolean,
): [number, number] {
  const x: number[] = [];
  const y: number[] = [];
  for (const [mutation, v] of va) {
    const w = vb.get(mutation);
    if (w !== undefined && Number.isFinite(v) && Number.isFinite(w) && keep(mutation)) {
      x.push(v);
      y.push(w);
    }
  }
  return [pearson(x, y), x.length];
}

const meanOrNull = (xs: number[]) => {
  const finite = xs.filter(Number.isFinite);
  return finite.length > 0 ? finite.reduce((a, b) => a + b, 0) / finite.length : null;
};

/**
 * The correlation rows (CORRELATION_COLUMNS) and the λ evidence at `lambda`, from each
 * replicate's table there; `fits` are the replicates' fit summaries (any λ: those at `lambda`
 * give the stop-codon shares).
 */
export function agreementAt(
  lambda: number,
  tables: MutationsTable[],
  replicates: string[],
  fits: { summary: FitSummary }[],
): { rows: Cell[][]; evidence: LambdaEvidence } {
  const params = tables.map(parameters);
  const rows: Cell[][] = [];
  const r = { shift: [] as number[], beta: [] as number[] };
  for (let a = 0; a < replicates.length; a++) {
    for (let b = a + 1; b < replicates.length; b++) {
      const [pa, pb] = [params[a]!, params[b]!];
      for (const column of pa.columns) {
        const va = pa.values.get(column)!;
        const vb = pb.values.get(column);
        if (!vb) continue;
        const all = sharedCorrelation(va, vb, () => true);
        const identified = sharedCorrelation(va, vb, (m) => pa.identified.has(m) && pb.identified.has(m));
        rows.push([lambda, `${replicates[a]},${replicates[b]}`, column, ...all, ...identified]);
        r[column.startsWith('shift_') ? 'shift' : 'beta'].push(identified[0]);
      }
    }
  }
  const stops = fits
    .filter((f) => f.summary.lambda === lambda && f.summary.stopShiftShare !== null)
    .map((f) => f.summary.stopShiftShare!);
  return {
    rows,
    evidence: {
      lambda,
      shiftAgreement: meanOrNull(r.shift),
      betaAgreement: meanOrNull(r.beta),
      stopShiftShare: meanOrNull(stops),
    },
  };
}
