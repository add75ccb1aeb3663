/**
 * Condition and replicate for a file that has no condition column, read from its name.
 * dms-vep pipelines write one table per selection as `<library>-<date>_<selection>_func_scores.csv`
 * (e.g. `Lib1-230614_high_ACE2_func_scores.csv` → condition `high_ACE2`, replicate `Lib1`);
 * any other name gives its stem (minus a `_func_scores` suffix) as the condition.
 */
import { basename, extname } from 'node:path';

export interface FileLabels {
  condition: string;
  replicate?: string;
}

const DMS_VEP = /^(?<library>Lib[^-_]*)-\d{6}_(?<selection>.+?)(?:_func_scores)?$/i;

export function labelsFromFileName(path: string): FileLabels {
  const stem = basename(path, extname(path));
  const m = DMS_VEP.exec(stem);
  if (m?.groups) return { condition: m.groups.selection!, replicate: m.groups.library! };
  return { condition: stem.replace(/_func_scores$/i, '') || stem };
}
