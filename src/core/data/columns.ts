/**
 * Which columns hold what. Defaults are multidms's names, so its users' tables work unchanged.
 */
export interface ColumnNames {
  /** Condition (experiment / selection / wildtype background). Default `condition`. */
  condition: string;
  /** Space-separated substitutions relative to the row's own wildtype. Default `aa_substitutions`. */
  substitutions: string;
  /** Functional score. Default `func_score`. */
  score: string;
  /** Optional variance of the score (for weights). Default `func_score_var`. */
  scoreVar: string;
  /** Optional replicate / library column; none by default. */
  replicate?: string;
}

export const DEFAULT_COLUMNS: ColumnNames = {
  condition: 'condition',
  substitutions: 'aa_substitutions',
  score: 'func_score',
  scoreVar: 'func_score_var',
};

/** Column indices resolved against a header; -1 for absent optional columns. */
export interface ResolvedColumns {
  condition: number;
  substitutions: number;
  score: number;
  scoreVar: number;
  replicate: number;
  /** Every other column, carried through to the outputs. */
  extra: { name: string; index: number }[];
}

/** The header's column of each named column (−1: absent), the others as extras, and repeated names. */
export function resolveColumns(
  header: string[],
  names: ColumnNames,
): { cols: ResolvedColumns; duplicates: number[] } {
  const seen = new Map<string, number>();
  const duplicates: number[] = [];
  header.forEach((h, i) => {
    const name = h.trim();
    if (seen.has(name)) duplicates.push(i);
    else seen.set(name, i);
  });
  const at = (n: string | undefined) => (n === undefined ? -1 : (seen.get(n) ?? -1));
  const cols: ResolvedColumns = {
    condition: at(names.condition),
    substitutions: at(names.substitutions),
    score: at(names.score),
    scoreVar: at(names.scoreVar),
    replicate: at(names.replicate),
    extra: [],
  };
  const used = new Set([cols.condition, cols.substitutions, cols.score, cols.scoreVar, cols.replicate]);
  for (const [name, index] of seen) if (!used.has(index)) cols.extra.push({ name, index });
  return { cols, duplicates };
}
