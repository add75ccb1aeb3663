/** Runs the chosen solver on a problem. */
import { solveApg } from './solvers/apg';
import { solveAuto } from './solvers/auto';
import { solveMultidmsBaseline } from './solvers/multidmsBaseline';
import { solveNewtonCd } from './solvers/newtonCd';
import type { SolverHooks, SolverOptions, SolverResult } from './options';
import type { Problem } from './problem';

export function solve(
  problem: Problem,
  x0: Float64Array,
  options: SolverOptions,
  reference: number,
  hooks?: SolverHooks,
): Promise<SolverResult> {
  switch (options.solver) {
    case 'auto':
      return solveAuto(problem, x0, options, reference, hooks);
    case 'newton-cd':
      return solveNewtonCd(problem, x0, options, reference, hooks);
    case 'apg':
      return solveApg(problem, x0, options, reference, hooks);
    case 'multidms':
      return solveMultidmsBaseline(problem, x0, options, reference, hooks);
    default: {
      const never: never = options.solver;
      throw new Error(`unknown solver '${String(never)}'`);
    }
  }
}
