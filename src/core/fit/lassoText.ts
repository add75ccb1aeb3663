/**
 * λ lists: the default, the order a path fits them in, and what a user types for λ in the panel
 * and in "Fit with Options…": numbers (`1e-5, 5e-5`), or a grid from λ_max (`grid 10`, or
 * `grid 10 1e-4` with the smallest λ relative to λ_max; lambdaGrid.ts). One parser, so both say
 * the same about the same text.
 */

/**
 * λ when none is given (multidms's `scale_coeff_lasso_shift` default): the one list every default
 * (the CLI's --lasso, the `dmsfit.lasso` setting, the panel) starts from.
 */
export const DEFAULT_LASSO: readonly number[] = Object.freeze([1e-5]);

/** The grid's smallest λ relative to λ_max (scikit-learn's eps). */
export const GRID_RATIO = 1e-3;
/** Points of the grid when a caller names none. */
export const GRID_POINTS = 10;
/**
 * How many points a grid may have: every λ is a fit (and, in a collection, one per replicate),
 * so 50 is already an afternoon on Delta + BA.2.
 */
export const GRID_MIN_POINTS = 2;
export const GRID_MAX_POINTS = 50;

/** Why a grid of `points` down to λ_max · `ratio` cannot be made, in words; undefined if it can. */
export function gridProblem(points: number, ratio: number): string | undefined {
  if (!Number.isInteger(points) || points < GRID_MIN_POINTS || points > GRID_MAX_POINTS)
    return `a λ grid needs ${GRID_MIN_POINTS} to ${GRID_MAX_POINTS} points, got ${points}`;
  if (!(ratio > 0 && ratio < 1)) return `the grid's ratio must be in (0, 1), got ${ratio}`;
  return undefined;
}

export type LassoChoice = { lasso: number[] } | { lassoGrid: { points: number; ratio: number } };

/** The choice, or why the text is not one. */
export function parseLassoText(text: string): LassoChoice | { error: string } {
  const words = text
    .trim()
    .split(/[\s,]+/)
    .filter(Boolean);
  if (words[0]?.toLowerCase() === 'grid') {
    const points = Number(words[1] ?? GRID_POINTS);
    const ratio = Number(words[2] ?? GRID_RATIO);
    const problem = gridProblem(points, ratio);
    if (problem) return { error: `${problem} (e.g. 'grid 10' or 'grid 10 1e-3')` };
    return { lassoGrid: { points, ratio } };
  }
  const values = words.map(Number);
  if (values.length === 0 || !values.every((v) => Number.isFinite(v) && v >= 0))
    return { error: "λ must be numbers ≥ 0 (e.g. 1e-5, 5e-5) or 'grid 10'" };
  return { lasso: values };
}

/** A λ list as a path fits it: each value once, largest first; throws on a value that is not ≥ 0. */
export function lassoPath(values: readonly number[]): number[] {
  if (values.length === 0) throw new Error('a fit needs at least one lasso strength');
  const path = [...new Set(values)].sort((a, b) => b - a);
  for (const v of path)
    if (!(v >= 0) || !Number.isFinite(v)) throw new Error(`lasso strengths must be ≥ 0, got ${v}`);
  return path;
}
