/**
 * The names of a results folder's parts, for its writers (fitJob.ts, collection.ts) and its
 * readers (readResults.ts, the panel): folders and job ids, and the replicate labels the panel
 * and the report list fits under — written so that no library's name is likely to be one. No
 * Node imports: the panel uses these too.
 *  - one λ's fit of a path: `lambda-<λ>/` (files at the top when the path has one λ);
 *  - a replicate's path in a collection: `replicate-<name>/` (name escaped by fileStem);
 *  - the combined fit at the recommended λ: every replicate's variants together, `combined/`;
 *  - each replicate refitted on all its variants (the hold-out's part too) at that λ,
 *    `replicate-<name>/all-variants/`: the per-library estimate whose agreement is reported.
 */
import { fileStem, fromFileStem } from './fileStem';

export const LAMBDA_PREFIX = 'lambda-';
export const REPLICATE_PREFIX = 'replicate-';

export const lambdaFolder = (lambda: number): string => `${LAMBDA_PREFIX}${lambda}`;

/** A job's λ choice (lambdaChoice.ts, and the ridge of ridgeChoice.ts), written by fitJob. */
export const LAMBDA_CHOICE_FILE = 'lambda.json';

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
export const replicateFolder = (replicate: string): string => REPLICATE_PREFIX + fileStem(replicate);

/** The replicate a folder name (a replicateFolder) is of. */
export const replicateOfFolder = (folder: string): string =>
  fromFileStem(folder.slice(REPLICATE_PREFIX.length));

/** The folder (and job id) of replicate r's all-variant refit. */
export const allVariantsFolder = (replicate: string): string =>
  `${replicateFolder(replicate)}/${ALL_VARIANTS_FOLDER}`;

/** The replicate label of a collection's job: '' for a single fit, else as the panel lists it. */
export function jobReplicate(job: string): string {
  if (job === COMBINED_FOLDER) return COMBINED_REPLICATE;
  if (!job.startsWith(REPLICATE_PREFIX)) return '';
  const [folder, sub] = job.split('/');
  const replicate = replicateOfFolder(folder!);
  return sub === ALL_VARIANTS_FOLDER ? allVariantsLabel(replicate) : replicate;
}
