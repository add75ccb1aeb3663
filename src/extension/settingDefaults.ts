/**
 * Every dmsfit.* setting's default, taken from the core's defaults where the core has one, with
 * the one encoding the Settings editor has for "none" of each kind ('' for text, 0 for counts
 * and seconds, null for the lower bound). package.json's contributes.configuration repeats them
 * for the Settings editor; test/unit/readme.test.ts checks that the two agree, key by key.
 */
import { DEFAULT_DATA_OPTIONS } from '../core/data/options';
import { DEFAULT_MODEL_OPTIONS as M } from '../core/model/options';
import { DEFAULT_SOLVER_OPTIONS as S } from '../core/solve/options';
import { DEFAULT_LASSO } from '../core/fit/lassoText';

const D = DEFAULT_DATA_OPTIONS;

export const SETTING_DEFAULTS = {
  'columns.condition': D.columns.condition,
  'columns.substitutions': D.columns.substitutions,
  'columns.score': D.columns.score,
  'columns.scoreVariance': D.columns.scoreVar ?? '',
  /** '' = no replicate column. */
  'columns.replicate': D.columns.replicate ?? '',
  alphabet: D.alphabet,
  letterSuffixedSites: D.letterSuffixedSites,
  /** '' = the site_numbering_map.csv beside the data, if there is one. */
  siteNumberingMap: '',
  /** '' = asked per file. */
  reference: '',
  collapse: D.collapse,
  /** '' = no clipping. */
  clipLow: '',
  clipHigh: '',
  epistasis: M.epistasis,
  /** null = the identity output activation (a number: softplus with that lower bound). */
  lowerBound: null as number | null,
  loss: M.loss,
  huberDelta: M.huberDelta,
  weights: M.weights,
  lasso: [...DEFAULT_LASSO],
  penalty: M.penalty,
  scaleFusionByN: M.scaleFusionByN,
  ridgeBeta: M.ridgeBeta,
  /** 0 = no hold-out. */
  holdout: 0,
  relax: false,
  intervals: false,
  solver: S.solver,
  tolerance: S.tolerance,
  maxIterations: S.maxIterations,
  /** 0 = no time cap (the core's Infinity). */
  maxSeconds: 0,
  pathStart: S.pathStart,
  /** 0 = one per core. */
  workers: 0,
  autoValidate: true,
  validateFiles: [] as string[],
};

export type SettingKey = keyof typeof SETTING_DEFAULTS;
