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
