/**
 * `dmsfit dms-vep`: a results folder's λ path (one job's, or one replicate's in a collection) as
 * the dms-vep pipelines' shifts CSV (dmsVepShifts.ts), written atomically under the folder's
 * lock, by default beside the path's fits.
 */
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { OutputRefused, UserError } from '../core/errors';
import type { ModelDocument } from '../core/fit/modelFile';
import { writeCsvAtomically } from '../core/io/csvWriter';
import { withOutputLock } from '../core/io/outputLock';
import { replicateFolder } from '../core/io/resultsLayout';
import { bundledRows, dmsVepShiftsTable, type PathFitRows } from './dmsVepShifts';
import { fitFolder, readResultsIndex } from './readResults';
import { fileHead, readCsv, readJson } from './resultsFiles';

export const DMS_VEP_FILE = 'dms-vep_shifts.csv';

export interface DmsVepRequest {
  folder: string;
  /** In a collection: whose path (required there); a single job's results have one. */
  replicate?: string;
  /** The file to write (default: dms-vep_shifts.csv in the path's folder). */
  out?: string;
}

/** Whether a file's first line is this layout's header start (an earlier export it may replace). */
const isDmsVepCsv = async (path: string) => (await fileHead(path, 64)).startsWith('wildtype,site,mutant,');

export async function writeDmsVepShifts(
  r: DmsVepRequest,
): Promise<{ path: string; lambdas: number[]; rows: number; bundled: number }> {
  return withOutputLock(r.folder, 'a dms-vep export', async () => {
    const index = await readResultsIndex(r.folder);
    if (!index) throw new UserError(`${r.folder} holds no DMS Fit results`);
    const replicates = [...new Set(index.fits.map((f) => f.replicate))];
    const replicate = r.replicate ?? (replicates.length === 1 ? replicates[0]! : undefined);
    if (replicate === undefined || !replicates.includes(replicate))
      throw new UserError(
        `${r.folder} holds the paths of replicates ${replicates.map((x) => `'${x}'`).join(', ')}: name one with --replicate`,
      );
    const path = index.fits.filter((f) => f.replicate === replicate);
    const fits: PathFitRows[] = [];
    let model: ModelDocument | undefined;
    for (const f of path) {
      const dir = await fitFolder(r.folder, f.id);
      if (!dir) throw new UserError(`the fit at λ = ${f.lambda} in ${r.folder} has no folder`);
      model ??= await readJson<ModelDocument>(join(dir, 'model.json'));
      fits.push({ lambda: f.lambda, rows: (await readCsv(join(dir, 'mutations.csv'))).rows });
    }
    const base = replicate === '' ? r.folder : join(r.folder, replicateFolder(replicate));
    const out = r.out ?? join(base, DMS_VEP_FILE);
    const there = await stat(out).catch(() => undefined);
    if (there?.isDirectory())
      throw new OutputRefused(`will not write the dms-vep shifts to ${out}: it is a folder; name a file`);
    // A careless -o must not take a data file or anything else that is not an earlier export.
    if (there && !(await isDmsVepCsv(out)))
      throw new OutputRefused(`will not replace ${out}: it is not a dms-vep shifts CSV; choose another file`);
    const m = model!;
    const sites = { sites: m.sites, wildtype: m.wildtypes[m.reference]! };
    await writeCsvAtomically(resolve(out), dmsVepShiftsTable(m.conditions, m.reference, sites, fits));
    const bundled = bundledRows(sites, fits);
    const rows = fits.reduce((n, f) => n + f.rows.length + m.sites.length, 0) - bundled;
    return { path: out, lambdas: fits.map((f) => f.lambda).sort((a, b) => b - a), rows, bundled };
  });
}
