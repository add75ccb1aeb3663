/**
 * The data the plots are drawn from: what the host reads from a results folder and sends to the
 * panel (and what the HTML report renders). Columnar arrays keep spike-sized results small.
 */
import type { DataSummary } from '../core/data/prepare/summary';
import type { AdviceOption } from '../core/fit/stopReason';
import type { FitId } from '../core/io/resultsLayout';

export interface RowSum {
  condition: string;
  encoding: 'reference' | 'scaled';
  rowSum: number;
  count: number;
}

export interface DroppedRow {
  condition: string;
  file: string;
  line: number;
  substitutions: string;
  reason: string;
  detail: string;
}

/** One fitted (λ, replicate) as listed in a results folder. */
export interface FitRef {
  /** Its folder in the results folder (resultsLayout.ts): how the panel and the host name it. */
  id: FitId;
  lambda: number;
  replicate: string;
  converged: boolean;
  /** How it ended, in words (fit.json's stopDetail). */
  stopDetail: string;
  iterations: number;
  seconds: number;
  stationarity: number | null;
  /** Per condition, in `conditions` order. */
  trainingLoss: number[];
  validationLoss: (number | null)[];
  nonzeroShifts: number[];
  mutations: number;
}

export interface CorrelationRow {
  lambda: number;
  replicates: string;
  parameter: string;
  r: number | null;
  /** Between the path's fits (on the hold-out's training part) or the all-variant refits at λ_rec. */
  fits: 'path' | 'all-variants';
}

export interface ResultsIndex {
  folder: string;
  conditions: string[];
  reference: string;
  data: DataSummary;
  /** The `dmsfit fit` command that poses these fits again (reproduceCommand.ts), and what it cannot say. */
  command?: { text: string; unexpressed: string[] };
  rowSums: RowSum[];
  /** The first dropped rows (the panel lists them; all are in data/dropped.csv). */
  dropped: DroppedRow[];
  droppedTotal: number;
  fits: FitRef[];
  recommendedLambda: number | null;
  /** A collection's combined fit at the recommended λ (replicate COMBINED_REPLICATE). */
  combined?: FitRef;
  /** Its replicates refitted on all their variants at that λ (replicates allVariantsLabel(r)). */
  allVariants?: FitRef[];
  /** The criterion that chose it (lambdaChoice.ts); absent in results from before. */
  recommendedBy?: string;
  correlations: CorrelationRow[];
  /** With --folds k: k, and each fit's validationLoss is its λ's mean over the folds (cv.csv). */
  folds?: number;
  /** With --ridge-grid: the ridge chosen with λ and every ridge's losses (ridgeChoice.ts). */
  ridge?: RidgeIndex;
}

/** The ridge on β chosen from a grid, and what it was chosen from (lambda.json's ridge record). */
export interface RidgeIndex {
  chosen: number;
  /** How the losses were measured, the rule, and why the grid chose none (if so). */
  validation: string;
  rule: string;
  reason?: string;
  /** Per ridge and λ, the validation loss: the mean over conditions (and over folds). */
  losses: { ridge: number; lambda: number; loss: number }[];
  /** Ridges whose fits at their best λ put ge_scale on its bound (they did not compete). */
  onBound: number[];
}

/**
 * The fit shown in detail by default (report and panel): the combined fit (the estimate to
 * report), else the recommended λ, else the first (largest λ).
 */
export function chosenFit(index: ResultsIndex): FitRef | undefined {
  return index.combined ?? index.fits.find((f) => f.lambda === index.recommendedLambda) ?? index.fits[0];
}

/** Everything the plots of one fit need. */
export interface FitDetail {
  id: FitId;
  lambda: number;
  replicate: string;
  conditions: string[];
  reference: string;
  converged: boolean;
  stationarity: number | null;
  /** The relative stationarity the fit was held to (null in results from before it was kept). */
  tolerance: number | null;
  /** How the fit ended, the next step when it did not converge (the editor's setting), warnings. */
  stopDetail: string;
  advice: { text: string; setting: string; option: AdviceOption } | null;
  warnings: string[];
  /** Per condition: mutations the data cannot identify, by reason; the largest identified shifts. */
  notIdentifiable: { 'single-variant': number; saturated: number; unseen: number }[];
  topShifts: { mutation: string; shift: number }[][];
  theta: Record<string, number | null>;
  /** Per condition: Pearson r and R² of predicted vs observed on training variants. */
  pearson: (number | null)[];
  r2: (number | null)[];
  trajectory: { iteration: number[]; objective: number[]; stationarity: (number | null)[]; loss: number[][] };
  /** Mutations, columnar; beta[d][m], shift[d][m] (zeros for the reference), timesSeen[d][m]. */
  mutations: {
    name: string[];
    site: string[];
    wt: string[];
    mut: string[];
    beta: number[][];
    shift: number[][];
    timesSeen: number[][];
    /** identifiable_<c>: 'yes', 'single-variant', 'saturated' or 'unseen' (identifiability.ts). */
    identifiable: string[][];
    /** Standard errors se_beta_<c>, se_shift_<c> (standardErrors.ts); NaN where none is known. */
    seBeta: number[][];
    seShift: number[][];
    /** With --stability: each shift's selection frequency over subsample fits (NaN: none). */
    selection?: number[][];
    /** With --relax: the shifts refitted on the lasso's support without it (NaN: none). */
    relaxedShift?: number[][];
    /**
     * With --intervals: each β's and shift's 90 % interval (intervals.ts), per condition; NaN
     * where there is none (the reference's shifts, mutations the data do not pin down).
     */
    betaLow?: number[][];
    betaHigh?: number[][];
    shiftLow?: number[][];
    shiftHigh?: number[][];
  };
  /**
   * Sites in natural order: their label (reference numbering), each condition's wildtype, and with
   * a site numbering map their sequential site (null: not in the map) and region.
   */
  sites: { label: string[]; wildtype: string[][]; sequential?: (number | null)[]; region?: string[] };
  /** A sample of variants per condition: observed and predicted scores, latent phenotype. */
  variants: { condition: number[]; observed: number[]; predicted: number[]; latent: number[] };
  /** The fitted g (with the output activation) over the latent range, and each wildtype. */
  curve: { latent: number[]; score: number[] };
  wildtypes: { latent: number; score: number }[];
}
