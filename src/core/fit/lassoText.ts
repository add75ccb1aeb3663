/**
 * What a user types for λ, in the panel and in "Fit with Options…": numbers (`1e-5, 5e-5`), or
 * a grid from λ_max (`grid 10`, or `grid 10 1e-4` with the smallest λ relative to λ_max;
 * lambdaGrid.ts). One parser, so both say the same about the same text.
 */

/** The grid's smallest λ relative to λ_max (scikit-learn's eps). */
export const GRID_RATIO = 1e-3;
/** Points of the grid when a caller names none. */
export const GRID_POINTS = 10;

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
    if (!Number.isInteger(points) || points < 2 || points > 50)
      return { error: "a grid needs 2 to 50 points, e.g. 'grid 10'" };
    if (!(ratio > 0 && ratio < 1))
      return { error: "the grid's ratio must be in (0, 1), e.g. 'grid 10 1e-3'" };
    return { lassoGrid: { points, ratio } };
  }
  const values = words.map(Number);
  if (values.length === 0 || !values.every((v) => Number.isFinite(v) && v >= 0))
    return { error: "λ must be numbers ≥ 0 (e.g. 1e-5, 5e-5) or 'grid 10'" };
  return { lasso: values };
}
