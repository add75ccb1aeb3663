/**
 * fit.json's schema: a FitSummary as it crosses IPC (the fitted message) and as a collection
 * reads it back from disk, JSON's null standing where the summary held NaN or ±Infinity.
 */
import { z } from 'zod';
import { nameRecordSchema } from '../core/data/nameRecord';
import type { FitSummary } from '../core/fit/fitSummary';
import { ADVICE_OPTIONS } from '../core/fit/stopReason';
import type { Numeric, Same } from './sameShape';
import { finite, real } from './wireNumbers';

const metrics = z.strictObject({
  variants: z.number(),
  loss: real,
  lossStdErr: real,
  huberLoss: real,
  r2: real,
  pearson: real,
});

const stopReason = z.enum([
  'converged',
  'iteration-cap',
  'time-cap',
  'cancelled',
  'stalled',
  'diverging',
  'saturated',
]);

export const fitSummary = z.strictObject({
  lambda: finite,
  solver: z.string(),
  converged: z.boolean(),
  cancelled: z.boolean(),
  stopReason,
  stopDetail: z.string(),
  advice: z
    .strictObject({
      text: z.string(),
      option: z.enum(ADVICE_OPTIONS),
      value: z.union([finite, z.string()]),
    })
    .nullable(),
  stationarity: real,
  tolerance: finite,
  iterations: z.number(),
  dataPasses: z.number(),
  seconds: finite,
  objective: real,
  penalty: real,
  theta: nameRecordSchema(real),
  health: z.strictObject({
    flatVariants: z.number(),
    flatShare: finite,
    diverging: z.array(z.string()),
    divergingCount: z.number(),
    atBound: z.array(z.string()),
  }),
  stopShiftShare: finite.nullable(),
  confidentZ: finite,
  starts: z.array(
    z.strictObject({
      from: z.enum(['warm', 'cold']),
      solver: z.string(),
      stopReason,
      objective: real,
      iterations: z.number(),
      seconds: finite,
      chosen: z.boolean(),
    }),
  ),
  warnings: z.array(z.string()),
  stability: z
    .strictObject({ subsamples: z.number().int(), fraction: finite, converged: z.number().int() })
    .optional(),
  relaxed: z
    .strictObject({
      converged: z.boolean(),
      steps: z.number().int(),
      stationarity: real,
      objective: real,
      seconds: finite,
    })
    .optional(),
  intervals: z
    .strictObject({
      method: z.string(),
      level: finite,
      converged: z.boolean(),
      steps: z.number().int(),
      decrement: real,
      probes: z.number().int(),
      cgIterations: z.number().int(),
      solved: z.boolean(),
      withoutInterval: z.number().int(),
      seconds: finite,
    })
    .optional(),
  conditions: nameRecordSchema(
    z.strictObject({
      training: metrics,
      validation: metrics.optional(),
      coldValidationLoss: real.optional(),
      nonzeroShifts: z.number(),
      confidentShifts: z.number(),
      beta0: real,
      wildtype: z.strictObject({ latent: real, funcScore: real }),
      notIdentifiable: z.strictObject({
        'single-variant': z.number(),
        saturated: z.number(),
        unseen: z.number(),
      }),
      topShifts: z.array(z.strictObject({ mutation: z.string(), shift: finite })),
    }),
  ),
});

/**
 * A fit.json as fitJob wrote it (a FitSummary, with JSON's null where the summary held NaN or
 * ±Infinity), checked field by field: how a collection reads its jobs' fits back from disk.
 */
export function parseFitSummary(raw: unknown, where: string): FitSummary {
  const r = fitSummary.safeParse(raw);
  if (!r.success) throw new Error(`${where} is not a fit summary: ${z.prettifyError(r.error)}`);
  return r.data as FitSummary;
}

/** Compile-time checks that fit.json's records have exactly the core's shape (sameShape.ts). */
type Summary = z.infer<typeof fitSummary>;
const _stability: Same<Summary['stability'], FitSummary['stability']> = true;
const _relaxed: Same<Numeric<Summary['relaxed']>, FitSummary['relaxed']> = true;
const _intervals: Same<Numeric<Summary['intervals']>, FitSummary['intervals']> = true;
const _health: Same<Summary['health'], FitSummary['health']> = true;
void [_stability, _relaxed, _intervals, _health];
