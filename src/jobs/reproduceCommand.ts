/**
 * The `dmsfit fit` command that poses a results folder's fits again (issue 26's "Show command"),
 * from the job.json its path job wrote: the files, the reference, every data, model and solver
 * option that differs from this version's default, the λ (or the grid), replicates, hold-out,
 * starting model and stability. Parsed by the CLI it gives the same job (reproduceCommand.test.ts
 * round-trips it through the CLI's own parser). Inputs with a condition or replicate of their
 * own are read back from job.json itself (`--manifest` reads its `inputs`).
 */
import { DEFAULT_COLUMNS } from '../core/data/columns';
import { DEFAULT_DATA_OPTIONS } from '../core/data/options';
import type { FitJobSpec } from '../core/fit/fitJob';
import { GRID_RATIO } from '../core/fit/lassoText';
import { DEFAULT_STABILITY_FRACTION } from '../core/fit/stability';
import { DEFAULT_MODEL_OPTIONS } from '../core/model/options';
import { DEFAULT_SOLVER_OPTIONS } from '../core/solve/options';

export interface ReproduceCommand {
  /** The words after `dmsfit`. */
  argv: string[];
  /** The command as a POSIX shell line. */
  text: string;
  /** Settings of the job no CLI option sets (the command does not reproduce them). */
  unexpressed: string[];
}

/** A word as a POSIX shell reads it back: bare when it is safe, else in single quotes. */
export function shellWord(w: string): string {
  return /^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

const num = (v: number): string => String(v);

/**
 * `job` as its job.json holds it (FitJobSpec without `out`), `jobPath` where it is (for inputs
 * that need a manifest) and `out` the results folder the command writes.
 */
export function reproduceCommand(
  job: Omit<FitJobSpec, 'out'>,
  jobPath: string,
  out: string,
): ReproduceCommand {
  const argv: string[] = ['fit'];
  const unexpressed: string[] = [];
  const add = (flag: string, value?: string) => argv.push(...(value === undefined ? [flag] : [flag, value]));
  // Inputs: plain paths, one --condition/--replicate for all, or the job's own list.
  const conditions = new Set(job.inputs.map((i) => i.condition));
  const replicates = new Set(job.inputs.map((i) => i.replicate));
  const files = conditions.size === 1 && replicates.size === 1;
  if (files) {
    const [condition] = conditions;
    const [replicate] = replicates;
    if (condition !== undefined) add('--condition', condition);
    if (replicate !== undefined) add('--replicate', replicate);
  } else add('--manifest', jobPath);
  const d = job.data;
  add('-r', d.reference ?? '');
  const dd = DEFAULT_DATA_OPTIONS;
  for (const [key, flag] of [
    ['condition', '--condition-column'],
    ['substitutions', '--substitutions-column'],
    ['score', '--score-column'],
    ['scoreVar', '--variance-column'],
  ] as const)
    if (d.columns[key] !== DEFAULT_COLUMNS[key]) add(flag, d.columns[key]);
  if (d.columns.replicate !== undefined) add('--replicate-column', d.columns.replicate);
  if (d.alphabet !== dd.alphabet) add('--alphabet', d.alphabet);
  if (d.letterSuffixedSites) add('--letter-suffixed-sites');
  if (d.collapse !== dd.collapse) add('--collapse', d.collapse);
  if (d.dropInvalidRows) add('--drop-invalid-rows');
  if (d.typicalScoreRange.join() !== dd.typicalScoreRange.join())
    add('--score-range', d.typicalScoreRange.map(num).join(','));
  if (d.clip.low !== undefined) add('--clip-low', String(d.clip.low));
  if (d.clip.high !== undefined) add('--clip-high', num(d.clip.high));
  if (d.siteNumberingMap !== undefined) add('--site-numbering-map', d.siteNumberingMap);

  if (job.lassoGrid) {
    add('--lasso-grid', num(job.lassoGrid.points));
    if (job.lassoGrid.ratio !== GRID_RATIO) add('--grid-ratio', num(job.lassoGrid.ratio));
  } else add('--lasso', job.lasso.map(num).join(','));
  const m = job.model;
  const dm = DEFAULT_MODEL_OPTIONS;
  const choice = <K extends keyof typeof m>(key: K, flag: string) => {
    if (m[key] !== dm[key]) add(flag, String(m[key]));
  };
  choice('epistasis', '--epistasis');
  choice('hiddenUnits', '--hidden-units');
  if (m.activation === 'softplus') add('--lower-bound', num(m.lowerBound!));
  choice('loss', '--loss');
  choice('huberDelta', '--huber-delta');
  choice('weights', '--weights');
  choice('penalty', '--penalty');
  if (m.scaleFusionByN) add('--scale-fusion-by-n');
  // A ridge chosen from a grid is the grid's to choose again (job.json's model holds the choice).
  if (job.ridgeGrid) add('--ridge-grid', job.ridgeGrid.map(num).join(','));
  else choice('ridgeBeta', '--ridge-beta');
  choice('ridgeScale', '--ridge-scale');
  choice('ridgeBias', '--ridge-bias');
  if (m.scaleUpperBound !== dm.scaleUpperBound)
    add('--scale-bound', m.scaleUpperBound === null ? 'none' : String(m.scaleUpperBound));
  choice('initScale', '--init-scale');
  choice('initBias', '--init-bias');
  choice('initBetaVariance', '--init-beta-variance');
  choice('initSeed', '--init-seed');
  const locks = Object.entries(m.lock);
  if (locks.length) argv.push('--lock', ...locks.map(([k, v]) => `${k}=${num(v)}`));
  if (m.bitFlip !== dm.bitFlip) unexpressed.push(`bitFlip: ${m.bitFlip}`);

  const s = job.solver;
  const ds = DEFAULT_SOLVER_OPTIONS;
  for (const [key, flag] of [
    ['solver', '--solver'],
    ['tolerance', '--tolerance'],
    ['maxIterations', '--max-iterations'],
    ['pathStart', '--path-start'],
    ['admmIterations', '--admm-iterations'],
    ['admmTau', '--admm-tau'],
    ['maxLineSearch', '--max-line-search'],
    ['baselineTolerance', '--multidms-tolerance'],
  ] as const)
    if (s[key] !== ds[key]) add(flag, String(s[key]));
  // No cap is Infinity in memory and null in job.json.
  if (s.maxSeconds !== null && Number.isFinite(s.maxSeconds)) add('--max-seconds', num(s.maxSeconds));
  if (!s.acceleration) add('--no-acceleration');

  if (job.replicate !== undefined && d.columns.replicate === undefined) add('--by-replicate');
  if (job.holdout) {
    add('--holdout', num(job.holdout.fraction));
    if (job.holdout.seed !== 0) add('--seed', num(job.holdout.seed));
  }
  if (job.initModel !== undefined) add('--init-model', job.initModel);
  if (job.stability) {
    add('--stability', num(job.stability.subsamples));
    if (job.stability.fraction !== DEFAULT_STABILITY_FRACTION)
      unexpressed.push(`stability fraction: ${job.stability.fraction}`);
  }
  if (job.relax) add('--relax');
  if (job.intervals) add('--intervals');
  if (job.crossValidation) {
    add('--folds', num(job.crossValidation.folds));
    if (job.crossValidation.seed !== 0) add('--seed', num(job.crossValidation.seed));
  }
  add('-o', out);
  // After the options: a variadic option such as --lock would take the files as its values.
  if (files) argv.push('--', ...job.inputs.map((i) => i.path));
  return { argv, text: ['dmsfit', ...argv].map(shellWord).join(' '), unexpressed };
}
