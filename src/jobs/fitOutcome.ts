/**
 * How a fit ended, in one sentence for the panel's status line (which stays on it until the next
 * fit starts): done with how many fits converged and the recommended λ, cancelled or failed with
 * the earlier results unchanged.
 */
import type { CollectionResult } from './collection';

/** The first failed job's error, as both the panel's status and the host's message give it. */
export function failedError(result: Pick<CollectionResult, 'jobs'>): string {
  return result.jobs.find((j) => j.status === 'failed')?.error ?? 'unknown error';
}

export function fitOutcome(
  result: Pick<CollectionResult, 'status' | 'jobs' | 'fits' | 'recommended'>,
): string {
  if (result.status === 'cancelled') return 'Cancelled: the earlier results are unchanged.';
  if (result.status === 'failed') {
    return `Failed: ${failedError(result).replace(/\.$/, '')}. The earlier results are unchanged.`;
  }
  const n = result.fits.length;
  const unconverged = result.fits.filter((f) => !f.summary.converged);
  const first = unconverged[0]?.summary;
  const fits = `${n} fit${n === 1 ? '' : 's'}`;
  const how = first
    ? `${unconverged.length} of ${fits} did not converge (λ ${first.lambda}: ${first.stopDetail})`
    : `${fits}, ${n === 1 ? 'converged' : 'all converged'}`;
  const choice = result.recommended;
  const recommended = choice?.lambda != null ? `; recommended λ ${choice.lambda}` : '';
  return `Done: ${how}${recommended}.`;
}
