/**
 * Options for reading and preparing DMS data, documented once with their defaults.
 * The CLI, the fitter process and the extension settings all resolve to this.
 */
import { DEFAULT_ALPHABET, type AlphabetName } from './alphabet';
import type { ClipOptions } from './clip';
import { DEFAULT_COLUMNS, type ColumnNames } from './columns';

export type CollapseMode = 'none' | 'mean' | 'median';

export interface DataOptions {
  /** Column names. Default: multidms's (`condition`, `aa_substitutions`, `func_score`, `func_score_var`). */
  columns: ColumnNames;
  /** Letters allowed as wildtype/mutant. Default `aa-stop-gap` (20 amino acids, `*`, `-`). */
  alphabet: AlphabetName;
  /** Accept sites with insertion letters such as `184a`. Default false (as multidms). */
  letterSuffixedSites: boolean;
  /** Reference condition: the wildtype all mutations are named against. Required to prepare. */
  reference?: string;
  /** Merge identical variants within a condition by mean or median score. Default `none` (as multidms). */
  collapse: CollapseMode;
  /** Leave rows with errors out (listed in dropped.csv) instead of refusing the data. Default false. */
  dropInvalidRows: boolean;
  /** Scores outside this range get a warning. Default [-15, 15]. */
  typicalScoreRange: [number, number];
  /** Clip scores before fitting: below at a value or at each condition's median stop-variant score, above at a value. Default none. */
  clip: ClipOptions;
  /**
   * A site numbering map as the dms-vep pipelines write it (`site_numbering_map.csv`), whose
   * `reference_site` numbering the data use: its sequential site and region follow every site into
   * the plots and outputs. Default none.
   */
  siteNumberingMap?: string;
}

export const DEFAULT_DATA_OPTIONS: DataOptions = {
  columns: DEFAULT_COLUMNS,
  alphabet: DEFAULT_ALPHABET,
  letterSuffixedSites: false,
  collapse: 'none',
  dropInvalidRows: false,
  typicalScoreRange: [-15, 15],
  clip: {},
};

export function resolveDataOptions(partial: Partial<DataOptions> = {}): DataOptions {
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
  return {
    ...DEFAULT_DATA_OPTIONS,
    ...defined,
    columns: { ...DEFAULT_COLUMNS, ...(partial.columns ?? {}) },
    clip: { ...(partial.clip ?? {}) },
  };
}
