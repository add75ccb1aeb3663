/**
 * Messages between a host (the CLI or the extension host) and a fitter child process, over
 * Node's IPC channel. Both directions are parsed with these schemas on arrival; an unknown or
 * malformed message is rejected with an error, never ignored. The same messages are what
 * `dmsfit fit --json` prints as NDJSON.
 */
import type { Spec as VegaSpec } from 'vega';
import { z } from 'zod';
import { nameRecordSchema } from '../core/data/nameRecord';
import { DIAGNOSTIC_CODES } from '../core/data/diagnostics';
import type { FitJobSpec } from '../core/fit/fitJob';
import type { TableInput } from '../core/data/readTable';
import type { DataOptions } from '../core/data/options';
import { spectrumRequest, spectrumResult } from './spectrum';
import { fitIdSchema } from './fitIdSchema';
import { fitSummary } from './fitSummarySchema';
import type { Same } from './sameShape';
import { finite, real } from './wireNumbers';
import { EPISTASIS_NAMES } from '../core/model/epistasis';

const tableInput = z.strictObject({
  path: z.string().min(1),
  text: z.string().optional(),
  condition: z.string().optional(),
  replicate: z.string().optional(),
});

const columns = z.strictObject({
  condition: z.string(),
  substitutions: z.string(),
  score: z.string(),
  scoreVar: z.string(),
  replicate: z.string().optional(),
});

const dataOptions = z.strictObject({
  columns,
  alphabet: z.enum(['aa', 'aa-stop', 'aa-gap', 'aa-stop-gap']),
  letterSuffixedSites: z.boolean(),
  reference: z.string().optional(),
  collapse: z.enum(['none', 'mean', 'median']),
  dropInvalidRows: z.boolean(),
  typicalScoreRange: z.tuple([finite, finite]),
  clip: z.strictObject({
    low: z.union([finite, z.literal('median-stop')]).optional(),
    high: finite.optional(),
  }),
  siteNumberingMap: z.string().min(1).optional(),
});

const modelOptions = z.strictObject({
  epistasis: z.enum(EPISTASIS_NAMES),
  hiddenUnits: z.number().int().positive(),
  activation: z.enum(['identity', 'softplus']),
  lowerBound: finite.optional(),
  loss: z.enum(['huber', 'squared']),
  huberDelta: finite,
  weights: z.enum(['none', 'variance']),
  penalty: z.enum(['reference', 'all-pairs']),
  scaleFusionByN: z.boolean().default(false),
  ridgeBeta: finite,
  ridgeScale: finite,
  ridgeBias: finite,
  scaleUpperBound: z.union([z.literal('infer'), finite, z.null()]),
  initScale: finite,
  initBias: finite,
  initBetaVariance: finite.default(0),
  initSeed: z.number().int().nonnegative().default(0),
  lock: nameRecordSchema(finite),
  bitFlip: z.boolean(),
});

const solverOptions = z.strictObject({
  solver: z.enum(['auto', 'newton-cd', 'apg', 'multidms']),
  tolerance: finite,
  maxIterations: z.number().int().positive(),
  /** Infinity does not survive JSON: null means no cap. */
  maxSeconds: real,
  pathStart: z.enum(['warm', 'cold']).default('warm'),
  admmIterations: z.number().int().positive(),
  admmTau: finite.default(1),
  maxLineSearch: z.number().int().nonnegative(),
  baselineTolerance: finite,
  acceleration: z.boolean().default(true),
});

const jobSpec = z.strictObject({
  inputs: z.array(tableInput).min(1),
  data: dataOptions,
  model: modelOptions,
  solver: solverOptions,
  lasso: z.array(finite).min(1),
  out: z.string().min(1),
  replicate: z.string().optional(),
  holdout: z.strictObject({ fraction: finite, seed: z.number().int() }).optional(),
  version: z.string(),
  initModel: z.string().optional(),
  stability: z.strictObject({ subsamples: z.number().int().nonnegative(), fraction: finite }).optional(),
  relax: z.boolean().optional(),
  intervals: z.boolean().optional(),
  crossValidation: z.strictObject({ folds: z.number().int().min(2), seed: z.number().int() }).optional(),
  ridgeGrid: z.array(finite.nonnegative()).optional(),
  lassoGrid: z.strictObject({ lambdaMax: finite, points: z.number().int(), ratio: finite }).optional(),
  inputSnapshots: z
    .array(z.strictObject({ path: z.string(), bytes: z.number(), modified: z.string(), sha256: z.string() }))
    .optional(),
});

const diagnostic = z.strictObject({
  file: z.string(),
  line: z.number().int(),
  start: z.number().int(),
  end: z.number().int(),
  severity: z.enum(['error', 'warning', 'info']),
  code: z.enum(
    Object.keys(DIAGNOSTIC_CODES) as [keyof typeof DIAGNOSTIC_CODES, ...(keyof typeof DIAGNOSTIC_CODES)[]],
  ),
  message: z.string(),
  relatedLine: z.number().int().optional(),
});

const id = z.string().min(1);

export const hostToFitter = z.discriminatedUnion('type', [
  /** `threads`: how many threads the job may use at first (default 1). */
  z.strictObject({ type: z.literal('run'), id, job: jobSpec, threads: z.number().int().min(1).optional() }),
  z.strictObject({ type: z.literal('validate'), id, inputs: z.array(tableInput).min(1), data: dataOptions }),
  z.strictObject({ type: z.literal('cancel'), id }),
  /** A running job may now use `count` threads (a core was freed or is needed elsewhere). */
  z.strictObject({ type: z.literal('threads'), id, count: z.number().int().min(1) }),
  /** Write report.html and plots/*.svg into a results folder. */
  z.strictObject({ type: z.literal('report'), id, folder: z.string().min(1), title: z.string() }),
  /** Interaction spectrum of one fit of a results folder, written into that fit's spectrum/. */
  z.strictObject({
    type: z.literal('spectrum'),
    id,
    folder: z.string().min(1),
    fit: fitIdSchema,
    request: spectrumRequest,
  }),
  /** λ_max of a job's data, the top of its λ grid (answered by lambda-max-found). */
  z.strictObject({ type: z.literal('lambda-max'), id, job: jobSpec }),
  z.strictObject({ type: z.literal('shutdown') }),
]);

const dataSummary = z.strictObject({
  conditions: z.array(
    z.strictObject({
      name: z.string(),
      isReference: z.boolean(),
      inputRows: z.number(),
      variants: z.number(),
      kept: z.number(),
      dropped: nameRecordSchema(z.number()),
      bundle: z.array(z.string()),
      meanRowSum: z.strictObject({ reference: real, scaled: real }),
    }),
  ),
  reference: z.string(),
  mutations: z.number(),
  sites: z.number(),
  collapse: z.string(),
  unknownWildtypeSites: z.array(z.string()),
  invalidBundleSites: z.array(z.string()),
  inputRows: z.number(),
  rejectedRows: z.number(),
  keptVariants: z.number(),
});

export const fitterToHost = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready'), pid: z.number().int(), version: z.string() }),
  z.strictObject({
    type: z.literal('prepared'),
    id,
    summary: dataSummary,
    rowSums: z.array(
      z.strictObject({
        condition: z.string(),
        encoding: z.enum(['reference', 'scaled']),
        rowSum: z.number(),
        count: z.number(),
      }),
    ),
  }),
  z.strictObject({
    type: z.literal('progress'),
    id,
    lambda: finite,
    lambdaIndex: z.number().int(),
    lambdaCount: z.number().int(),
    iteration: z.number().int(),
    objective: real,
    lossPerCondition: z.array(real),
    penalty: real,
    stationarity: real,
    elapsedMs: finite,
  }),
  z.strictObject({ type: z.literal('fitted'), id, summary: fitSummary, dir: z.string() }),
  z.strictObject({
    type: z.literal('validated'),
    id,
    diagnostics: z.array(diagnostic),
    errors: z.number(),
    warnings: z.number(),
    rows: z.number(),
    /** Condition and replicate names found (first-seen order). */
    conditions: z.array(z.string()),
    replicates: z.array(z.string()),
  }),
  /** A report being written: `done` of its `total` plots drawn, `name` next. */
  z.strictObject({
    type: z.literal('report-progress'),
    id,
    done: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
    name: z.string(),
  }),
  z.strictObject({
    type: z.literal('reported'),
    id,
    report: z.string(),
    /** The SVG files written. */
    plots: z.array(z.string()),
    /** Each plot's Vega spec (named as its file), for the panel to draw as PNG. */
    specs: z.array(
      z.strictObject({
        name: z.string(),
        spec: z.custom<VegaSpec>((v) => typeof v === 'object' && v !== null && !Array.isArray(v)),
      }),
    ),
  }),
  z.strictObject({ type: z.literal('spectrum-result'), id, result: spectrumResult, out: z.string() }),
  /** λ_max of a job's data (lambdaGrid.ts), and what the shared-β fit that found it cost. */
  z.strictObject({
    type: z.literal('lambda-max-found'),
    id,
    lambdaMax: finite,
    iterations: z.number().int(),
    seconds: finite,
  }),
  z.strictObject({
    type: z.literal('error'),
    id: id.optional(),
    message: z.string(),
    file: z.string().optional(),
    line: z.number().int().optional(),
    diagnostics: z.array(diagnostic).optional(),
  }),
  z.strictObject({
    type: z.literal('done'),
    id,
    cancelled: z.boolean(),
    out: z.string().optional(),
    seconds: finite,
    /** The fitter process's CPU time and peak resident memory so far. */
    cpuSeconds: finite.optional(),
    peakRssMB: finite.optional(),
  }),
]);

export type HostToFitter = z.infer<typeof hostToFitter>;
export type FitterToHost = z.infer<typeof fitterToHost>;
export type FitterMessageType = FitterToHost['type'];

/** The job as it crosses the process boundary (identical to the core's FitJobSpec up to null ↔ Infinity). */
export type WireJob = z.infer<typeof jobSpec>;

export function parseHostMessage(raw: unknown): HostToFitter {
  const r = hostToFitter.safeParse(raw);
  if (!r.success) throw new Error(`malformed message to the fitter: ${z.prettifyError(r.error)}`);
  return r.data;
}

/** A job as a plan file stores it (plan.json: its out and replicate are the plan's, per job). */
export const plannedJobSpec = jobSpec.omit({ out: true, replicate: true });
export type PlannedJobSpec = z.infer<typeof plannedJobSpec>;

export function parseFitterMessage(raw: unknown): FitterToHost {
  const r = fitterToHost.safeParse(raw);
  if (!r.success) throw new Error(`malformed message from the fitter: ${z.prettifyError(r.error)}`);
  return r.data;
}

export function toWire(job: FitJobSpec): WireJob {
  const { maxSeconds, ...solver } = job.solver;
  return {
    ...job,
    solver: { ...solver, maxSeconds: Number.isFinite(maxSeconds) ? maxSeconds : null },
  } as WireJob;
}

export function fromWire(job: WireJob): FitJobSpec {
  return { ...job, solver: { ...job.solver, maxSeconds: job.solver.maxSeconds ?? Infinity } } as FitJobSpec;
}

/** Compile-time checks that the job's schemas have exactly the core types' shape (sameShape.ts). */
const _inputs: Same<z.infer<typeof tableInput>, TableInput> = true;
const _data: Same<z.infer<typeof dataOptions>, DataOptions> = true;
/** The job as the wire carries it: no time cap is null there. */
type Wired<T extends FitJobSpec> = Omit<T, 'solver'> & {
  solver: Omit<T['solver'], 'maxSeconds'> & { maxSeconds: number | null };
};
const _job: Same<z.infer<typeof jobSpec>, Wired<FitJobSpec>> = true;
void [_inputs, _data, _job];
