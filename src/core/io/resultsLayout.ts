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

/** The folder (and job id) of replicate r's fits in a collection. */
export const replicateFolder = (replicate: string): string => REPLICATE_PREFIX + fileStem(replicate);

/** The replicate a folder name (a replicateFolder) is of. */
export const replicateOfFolder = (folder: string): string =>
  fromFileStem(folder.slice(REPLICATE_PREFIX.length));

/** The folder (and job id) of replicate r's all-variant refit. */
export const allVariantsFolder = (replicate: string): string =>
  `${replicateFolder(replicate)}/${ALL_VARIANTS_FOLDER}`;

/** The replicate label of a collection's job or a fit's id: '' for a single fit, else as the panel lists it. */
export function jobReplicate(job: string): string {
  if (job === COMBINED_FOLDER) return COMBINED_REPLICATE;
  if (!job.startsWith(REPLICATE_PREFIX)) return '';
  const [folder, sub] = job.split('/');
  const replicate = replicateOfFolder(folder!);
  return sub === ALL_VARIANTS_FOLDER ? allVariantsLabel(replicate) : replicate;
}

/**
 * A fit's id: its folder relative to the results folder, '/'-separated, TOP_FIT for a single
 * fit's files at the top. The panel, the report and the helper name fits by it; never by λ, a
 * float that two writers may print differently.
 */
export type FitId = string;
export const TOP_FIT: FitId = '.';

/** The id of folder `name` inside the fit folder (or replicate folder) `parent`. */
export const childFitId = (parent: FitId, name: string): FitId =>
  parent === TOP_FIT ? name : `${parent}/${name}`;

/** `replicate-<stem>`, `lambda-<λ>`: no segment can be '..' or hold a separator. */
const REPLICATE_SEGMENT = `${REPLICATE_PREFIX}[A-Za-z0-9._-]*`;
const LAMBDA_SEGMENT = `${LAMBDA_PREFIX}[0-9.eE+-]+`;
const FIT_ID = new RegExp(
  `^(?:\\.|${COMBINED_FOLDER}|${LAMBDA_SEGMENT}|${REPLICATE_SEGMENT}(?:/(?:${LAMBDA_SEGMENT}|${ALL_VARIANTS_FOLDER}))?)$`,
);

/**
 * Whether `id` is a fit folder this layout writes. An id from the panel is untrusted: the host
 * checks it with this before it makes a path of it.
 */
export const isFitId = (id: string): boolean => FIT_ID.test(id);
