/**
 * Finding a data file's site numbering map the way the dms-vep pipelines lay them out: a
 * `site_numbering_map.csv` in the data's folder, or, where one folder holds several constructs
 * (`BF520_site_numbering_map.csv` beside `BF520_A-220720-1-1_func_scores.csv`), the one whose
 * prefix starts the data file's name.
 */
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const MAP_NAME = /^(.*?)site_numbering_map\.(csv|tsv)$/i;

/** Whether a file is named as a site numbering map (so it is not a data table). */
export function isSiteNumberingMapPath(path: string): boolean {
  return MAP_NAME.test(basename(path));
}

/**
 * The site numbering map beside `dataPath`: the folder's only map, or the one map whose prefix
 * (`BF520_`) begins the data file's name; undefined when there is none or the choice is not clear.
 */
export async function siteNumberingMapBeside(dataPath: string): Promise<string | undefined> {
  const folder = dirname(dataPath);
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return undefined;
  }
  const maps = names.filter((n) => MAP_NAME.test(n)).sort();
  if (maps.length <= 1) return maps[0] && join(folder, maps[0]);
  const data = basename(dataPath).toLowerCase();
  const prefixed = maps.filter((n) => {
    const prefix = MAP_NAME.exec(n)![1]!.toLowerCase();
    return prefix !== '' && data.startsWith(prefix);
  });
  return prefixed.length === 1 ? join(folder, prefixed[0]!) : undefined;
}
