/** The numbers of the wire schemas (fitter.ts, fitSummarySchema.ts). */
import { z } from 'zod';

/** A finite number (zod 4's z.number() rejects NaN and ±Infinity). */
export const finite = z.number();
/**
 * Any number, NaN and ±Infinity included (a stationarity not computed at this iteration, a
 * correlation of constant columns), or null: they cross IPC (structured clone) as numbers and
 * JSON (NDJSON output) as null.
 */
export const real = z.custom<number | null>((v) => v === null || typeof v === 'number', {
  message: 'expected a number or null',
});
