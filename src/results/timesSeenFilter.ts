/**
 * multidms's `times_seen_threshold`: keep the mutations seen in at least that many variants in
 * every condition (get_mutations_df, mut_param_heatmap and the site plots filter this way). A
 * report drawn with a threshold filters its mutation plots so, and writes the filtered table
 * beside the fit's mutations.csv, which itself is never changed.
 */
import { join } from 'node:path';
import { UserError } from '../core/errors';
import { readDelimited } from '../core/data/delimited';
import { writeCsvAtomically, type Cell } from '../core/io/csvWriter';
import type { FitDetail } from '../plots/model';

/** A threshold as typed: a whole number ≥ 0 (0 keeps every mutation). */
export function parseTimesSeenThreshold(text: string): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n))
    throw new UserError(`--times-seen-threshold must be a whole number ≥ 0, got '${text}'`);
  return n;
}

/** Whether mutation m is seen at least `threshold` times in every condition (timesSeen[d][m]). */
export function timesSeenMask(timesSeen: readonly (readonly number[])[], threshold: number): boolean[] {
  const M = timesSeen[0]?.length ?? 0;
  return Array.from({ length: M }, (_, m) => timesSeen.every((t) => t[m]! >= threshold));
}

/** The detail with only the mutations that pass the threshold (sites, variants and curve kept). */
export function filterDetailByTimesSeen(detail: FitDetail, threshold: number): FitDetail {
  if (threshold <= 0) return detail;
  const keep = timesSeenMask(detail.mutations.timesSeen, threshold);
  const pick = <T>(a: readonly T[]): T[] => a.filter((_, m) => keep[m]);
  // Every per-mutation column, those of options such as --relax and --intervals too: a list per
  // mutation, or per condition a list per mutation.
  const mutations = Object.fromEntries(
    Object.entries(detail.mutations).map(([key, v]: [string, unknown[]]) => [
      key,
      Array.isArray(v[0]) ? (v as unknown[][]).map(pick) : pick(v),
    ]),
  ) as FitDetail['mutations'];
  return { ...detail, mutations };
}

/** The file a threshold's table is written to, in the fit's folder. */
export function filteredMutationsName(threshold: number): string {
  return `mutations_times_seen_${threshold}.csv`;
}

/**
 * Writes the rows of `<fitDir>/mutations.csv` whose every `times_seen_<c>` column is at least
 * `threshold`, with the same columns and text, to `<fitDir>/mutations_times_seen_<n>.csv`
 * (atomically). Returns its path and the counts kept and read.
 */
export async function writeFilteredMutations(
  fitDir: string,
  threshold: number,
): Promise<{ path: string; kept: number; total: number }> {
  let columns: string[] = [];
  let seen: number[] = [];
  const rows: Cell[][] = [];
  let total = 0;
  await readDelimited(
    { kind: 'file', path: join(fitDir, 'mutations.csv') },
    {
      onRecord: (fields, i) => {
        if (i === 0) {
          columns = fields;
          seen = fields.flatMap((c, k) => (c.startsWith('times_seen_') ? [k] : []));
          if (seen.length === 0)
            throw new UserError(`${fitDir}/mutations.csv has no times_seen_<condition> column`);
          return;
        }
        total++;
        if (seen.every((k) => Number(fields[k]) >= threshold)) rows.push(fields);
      },
    },
  );
  const path = join(fitDir, filteredMutationsName(threshold));
  await writeCsvAtomically(path, { columns, rows });
  return { path, kept: rows.length, total };
}
