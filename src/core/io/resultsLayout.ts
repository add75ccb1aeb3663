/**
 * How a collection's fits at the recommended λ (collection.ts) are named: their folders and
 * jobs, and the replicate labels the panel and the report list them under — written so that no
 * library's name is likely to be one. No Node imports: the panel uses these too.
 *  - the combined fit: every replicate's variants together, folder `combined`;
 *  - each replicate refitted on all its variants (the hold-out's part too), folder
 *    `replicate-<r>/all-variants`: the per-library estimate whose agreement is reported.
 */
import { fileStem, fromFileStem } from './fileStem';

export const COMBINED_FOLDER = 'combined';
export const COMBINED_REPLICATE = '(all replicates)';
export const ALL_VARIANTS_FOLDER = 'all-variants';
const ALL_VARIANTS_SUFFIX = ' (all variants)';

/** The label of replicate r's all-variant refit. */
export const allVariantsLabel = (replicate: string): string => replicate + ALL_VARIANTS_SUFFIX;

/** The replicate whose all-variant refit a label names, or undefined for any other label. */
export function allVariantsReplicate(label: string): string | undefined {
  return label.endsWith(ALL_VARIANTS_SUFFIX) ? label.slice(0, -ALL_VARIANTS_SUFFIX.length) : undefined;
}

/** The folder (and job id) of replicate r's fits in a collection. */
export const replicateFolder = (replicate: string): string => `replicate-${fileStem(replicate)}`;

/** The folder (and job id) of replicate r's all-variant refit. */
export const allVariantsFolder = (replicate: string): string =>
  `${replicateFolder(replicate)}/${ALL_VARIANTS_FOLDER}`;

/** The replicate label of a collection's job: '' for a single fit, else as the panel lists it. */
export function jobReplicate(job: string): string {
  if (job === COMBINED_FOLDER) return COMBINED_REPLICATE;
  const m = /^replicate-([^/]*)(?:\/(.*))?$/.exec(job);
  if (!m) return '';
  const replicate = fromFileStem(m[1]!);
  return m[2] === ALL_VARIANTS_FOLDER ? allVariantsLabel(replicate) : replicate;
}
