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

/**
 * A rough time left, from the time spent and the fraction done (jobFraction's, averaged over the
 * jobs), as if the rest went at the same pace; nothing before 5 % is done, when the pace is not
 * yet known, and nothing once all is done. Rough because the fraction follows the certificate on
 * a log scale, not the clock.
 */
export function timeLeft(elapsedSeconds: number, fraction: number): string {
  if (!(fraction >= 0.05 && fraction < 1) || !(elapsedSeconds > 0)) return '';
  const left = (elapsedSeconds * (1 - fraction)) / fraction;
  if (left < 60) return `about ${Math.max(5, Math.round(left / 5) * 5)} s left`;
  return `about ${Math.round(left / 60)} min left`;
}
