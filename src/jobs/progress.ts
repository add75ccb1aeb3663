/**
 * How far a fit job has come, from its progress messages: the λ index plus how far the
 * stationarity has come from 1 (the cold start) to the tolerance, on a log scale. One
 * definition for the CLI's bars and the editor's status bar; always a number in [0, 1].
 */
import type { FitterToHost } from '../protocol/fitter';

export function jobFraction(m: Extract<FitterToHost, { type: 'progress' }>, tolerance: number): number {
  const s = m.stationarity;
  const within =
    s === null || !Number.isFinite(s) || s >= 1 ? 0 : Math.min(1, Math.log(s) / Math.log(tolerance));
  const count = Math.max(1, m.lambdaCount);
  return Math.min(1, Math.max(0, (m.lambdaIndex + within) / count));
}
