/** Writes a prepared dataset's tables and summary into a folder (callers make it atomic). */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeCsv } from '../../io/csvWriter';
import type { LoadedDataset } from '../load';
import type { PreparedData } from './prepare';
import { summarize, type DataSummary } from './summary';
import { droppedTable, mutationsTable, rowSumsTable, siteMapTable, variantsTable } from './tables';

export async function writePrepared(
  dir: string,
  p: PreparedData,
  loaded: LoadedDataset,
): Promise<DataSummary> {
  const summary = summarize(p, loaded);
  await mkdir(dir, { recursive: true });
  await writeCsv(join(dir, 'site_map.csv'), siteMapTable(p));
  await writeCsv(join(dir, 'mutations.csv'), mutationsTable(p));
  await writeCsv(join(dir, 'variants.csv'), variantsTable(p, loaded.table));
  await writeCsv(join(dir, 'dropped.csv'), droppedTable(p, loaded.table, loaded.rejected));
  await writeCsv(join(dir, 'row_sums.csv'), rowSumsTable(p));
  await writeFile(join(dir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  return summary;
}
