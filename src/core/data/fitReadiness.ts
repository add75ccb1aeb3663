/**
 * Data that load cleanly but give a fit nothing to learn: only wildtype variants, or the same
 * score in every row, would "converge" at once to meaningless parameters; a single condition has
 * no shifts to estimate. These are checked when data are read for a fit (not when a single
 * per-condition file is validated on its own).
 */
import type { Diagnostic, DiagnosticCode } from './diagnostics';

/** Warnings about the data that every fit's summary repeats (they qualify its results). */
export const FIT_DATA_WARNINGS: ReadonlySet<DiagnosticCode> = new Set([
  'one-condition',
  'constant-scores',
  'similar-names',
]);

type Finding = Omit<Diagnostic, 'severity'>;

/** Per condition, over the accepted rows: how many, how many carry substitutions, score range. */
export class ConditionTally {
  readonly rows: number[] = [];
  readonly mutated: number[] = [];
  readonly min: number[] = [];
  readonly max: number[] = [];

  add(condition: number, score: number, substitutions: number): void {
    while (this.rows.length <= condition) {
      this.rows.push(0);
      this.mutated.push(0);
      this.min.push(Infinity);
      this.max.push(-Infinity);
    }
    this.rows[condition]!++;
    if (substitutions > 0) this.mutated[condition]!++;
    if (score < this.min[condition]!) this.min[condition] = score;
    if (score > this.max[condition]!) this.max[condition] = score;
  }
}

/** What stops or weakens a fit of these conditions; `file` is where file-level findings point. */
export function fitReadiness(tally: ConditionTally, conditions: readonly string[], file: string): Finding[] {
  const at = { file, line: 1, start: 0, end: 0 };
  const present = conditions.map((_, d) => d).filter((d) => (tally.rows[d] ?? 0) > 0);
  if (present.length === 0) return [];
  const out: Finding[] = [];
  if (present.every((d) => tally.mutated[d] === 0))
    out.push({
      ...at,
      code: 'nothing-to-fit',
      message:
        'every variant is wildtype (no substitutions in any row): there are no mutation effects to fit',
    });
  const constant = present.filter((d) => tally.min[d] === tally.max[d]);
  if (constant.length === present.length && new Set(constant.map((d) => tally.min[d])).size === 1)
    out.push({
      ...at,
      code: 'nothing-to-fit',
      message: `the functional score is ${tally.min[present[0]!]} in every row: there is no variation to fit`,
    });
  else
    for (const d of constant)
      out.push({
        ...at,
        code: 'constant-scores',
        message: `condition '${conditions[d]}': every functional score is ${tally.min[d]}; its mutation effects and shifts will be set by the other conditions and the penalties, not by its data`,
      });
  if (present.length === 1)
    out.push({
      ...at,
      code: 'one-condition',
      message: `one condition only ('${conditions[present[0]!]}'): there are no shifts to estimate, and the fit is a single global-epistasis model; select the files of every condition to fit them jointly`,
    });
  return out;
}

/**
 * What to ask before fitting data of one condition (a lost Ctrl-click turns a joint fit of two
 * backgrounds into this), or undefined when there are several conditions.
 */
export function singleConditionWarning(
  conditions: readonly string[],
  files: readonly string[],
): string | undefined {
  if (conditions.length !== 1) return undefined;
  const what = files.length === 1 ? files[0]! : `these ${files.length} files`;
  return `DMS Fit: ${what} hold${files.length === 1 ? 's' : ''} one condition only ('${conditions[0]}'): there are no shifts to estimate, only its mutations' effects. To find shifts between backgrounds, select the files of every condition together.`;
}
