/**
 * Why a fit ended, in words a scientist can act on: the solver's own reason (certificate met,
 * iteration or time cap, no more progress, cancelled), overruled by what the end point shows
 * (fitHealth.ts): parameters running off, or a saturated plateau. Each reason that is not
 * "converged" comes with one next step: a setting to change and the value to change it to.
 * Settings are named by their option (`maxIterations`); the CLI writes them as flags
 * (`--max-iterations`), the editor as settings (`dmsfit.maxIterations`).
 */
import type { ClipOptions } from '../data/clip';
import { DEFAULT_MODEL_OPTIONS, type ModelOptions } from '../model/options';
import type { SolverOptions, SolverStop } from '../solve/options';
import type { FitHealth } from './fitHealth';

export type StopReason = SolverStop | 'diverging' | 'saturated';

/**
 * Most training variants on a flat stretch of the curve: the fit sits on a plateau, where the
 * data cannot tell the mutations' effects apart (GFP's real optimum has 20 %: dead variants).
 */
export const PLATEAU_SHARE = 0.5;
/** A share of flat variants worth a warning (and, in fitPath, a second start). */
export const FLAT_WARNING_SHARE = 0.05;

export function stopReason(solver: SolverStop, health: FitHealth): StopReason {
  if (solver === 'cancelled') return solver;
  if (health.divergingCount > 0) return 'diverging';
  if (health.flatShare >= PLATEAU_SHARE) return 'saturated';
  return solver;
}

/** The options an advice may change, as named in ModelOptions, SolverOptions or DataOptions. */
export const ADVICE_OPTIONS = ['maxIterations', 'maxSeconds', 'tolerance', 'ridgeBeta', 'clipLow'] as const;
export type AdviceOption = (typeof ADVICE_OPTIONS)[number];

export interface Advice {
  /** What to do, without naming the host's spelling of the setting. */
  text: string;
  option: AdviceOption;
  value: number | string;
}

export interface AdviceContext {
  model: Pick<ModelOptions, 'ridgeBeta'>;
  solver: Pick<SolverOptions, 'maxIterations' | 'maxSeconds' | 'tolerance'>;
  clip: ClipOptions;
  /** Seconds the fit took (for a time cap that was not set: none was hit). */
  seconds: number;
}

/** An advised value as a person would type it (10 × 1e-6 is 1e-5, not 9.999999999999999e-6). */
const typed = (v: number) => Number(v.toPrecision(2));

function betterPosed(c: AdviceContext, what: string): Advice {
  if (c.model.ridgeBeta === 0)
    return { text: `${what}: add a ridge on β`, option: 'ridgeBeta', value: DEFAULT_MODEL_OPTIONS.ridgeBeta };
  if (c.clip.low === undefined)
    return {
      text: `${what}: clip the scores below at each condition's median stop-variant score`,
      option: 'clipLow',
      value: 'median-stop',
    };
  return {
    text: `${what}: strengthen the ridge on β`,
    option: 'ridgeBeta',
    value: typed(10 * c.model.ridgeBeta),
  };
}

/** The next step for a fit that stopped for `reason`; undefined when it converged or was cancelled. */
export function adviceFor(reason: StopReason, c: AdviceContext): Advice | undefined {
  switch (reason) {
    case 'converged':
    case 'cancelled':
      return undefined;
    case 'iteration-cap':
      return {
        text: 'the iteration cap was reached before the certificate: raise it',
        option: 'maxIterations',
        value: 2 * c.solver.maxIterations,
      };
    case 'time-cap':
      return {
        text: 'the time cap was reached before the certificate: allow more time',
        option: 'maxSeconds',
        value: Math.ceil(2 * (Number.isFinite(c.solver.maxSeconds) ? c.solver.maxSeconds : c.seconds)),
      };
    case 'stalled':
      return {
        text: 'the solver can make no more progress at this tolerance: loosen it',
        option: 'tolerance',
        value: typed(10 * c.solver.tolerance),
      };
    case 'diverging':
      return betterPosed(c, 'some parameters have no finite optimum');
    case 'saturated':
      return betterPosed(c, 'most variants sit where the global-epistasis curve is flat');
  }
}

/** One sentence for a stop reason (fit.json's stopReason is the machine-readable form). */
export function describeStop(reason: StopReason, health: FitHealth): string {
  const flat = `${(100 * health.flatShare).toFixed(0)} % of the variants on a flat stretch of the curve`;
  switch (reason) {
    case 'converged':
      return 'converged';
    case 'cancelled':
      return 'cancelled';
    case 'iteration-cap':
      return 'not converged: iteration cap reached';
    case 'time-cap':
      return 'not converged: time cap reached';
    case 'stalled':
      return 'not converged: no more progress';
    case 'diverging': {
      const more = health.divergingCount - health.diverging.length;
      return `diverging: ${health.diverging.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
    }
    case 'saturated':
      return `saturated plateau: ${flat}`;
  }
}

/** How hosts spell an option: as a CLI flag and value, or as an editor setting. */
export function adviceFlag(a: Advice): string {
  const flag = a.option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return `--${flag} ${a.value}`;
}

export function adviceSetting(a: Advice): string {
  return `dmsfit.${a.option} = ${typeof a.value === 'string' ? `"${a.value}"` : a.value}`;
}
