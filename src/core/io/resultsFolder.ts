/** Where a table's results go by default, for the CLI and the editor alike. */
import { basename, dirname, extname, join } from 'node:path';

/**
 * `x.csv` → `x.dmsfit` beside it; any other file keeps its whole name (`x.tsv` → `x.tsv.dmsfit`),
 * so that `x.csv` and `x.tsv` in one folder never share, and replace, one results folder.
 */
export function defaultResultsFolder(table: string): string {
  const name = basename(table);
  const stem = extname(name) === '.csv' ? basename(name, '.csv') : name;
  return join(dirname(table), `${stem}.dmsfit`);
}
