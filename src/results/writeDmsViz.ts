/**
 * `dmsfit dms-viz`: reads a results folder's fit, turns it into a dms-viz dataset (dmsViz.ts)
 * and writes it atomically, by default into the fit's own folder, under the results folder's
 * lock (a fit replacing the folder meanwhile would take the file with it).
 */
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { OutputRefused, UserError } from '../core/errors';
import { writeFileAtomically } from '../core/io/atomicDir';
import { withOutputLock } from '../core/io/outputLock';
import { formatNumber } from '../plots/format';
import { chosenFit } from '../plots/model';
import { dmsVizExport, type DmsVizExport, type DmsVizOptions } from './dmsViz';
import { fitFolder, readResultsIndex } from './readResults';
import { readFitDetailAt } from './readFitDetail';
import { fileHead } from './resultsFiles';

/** An RCSB entry ID: a digit and three letters or digits (7TL9, 6m0j). */
export const PDB_ID = /^[0-9][A-Za-z0-9]{3}$/;

/**
 * dms-viz's `pdb` field from what the user typed: the text of a .pdb file, or an RCSB ID
 * (which dms-viz fetches itself when the dataset is opened).
 */
export async function structureField(structure: string): Promise<string> {
  if (/\.pdb$/i.test(structure)) {
    const text = await readFile(structure, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new UserError(`cannot read the structure ${structure}: ${err.code ?? err.message}`);
    });
    if (!/^(ATOM|HETATM) /m.test(text))
      throw new UserError(`${structure} has no ATOM records: not a PDB file`);
    return text;
  }
  if (PDB_ID.test(structure)) return structure.toUpperCase();
  throw new UserError(`--structure must be an RCSB PDB ID such as 7TL9 or a .pdb file, got '${structure}'`);
}

/** Whether a file starts as a JSON object does (after any blank space). */
const isJsonObject = async (path: string) => (await fileHead(path, 256)).trimStart().startsWith('{');

export interface DmsVizRequest extends Omit<DmsVizOptions, 'pdb' | 'name'> {
  folder: string;
  structure: string;
  name?: string;
  /** The fit to export (default: the recommended or combined fit, as the report shows). */
  lambda?: number;
  /** The file to write (default: dms-viz_<metric>.json in the fit's folder). */
  out?: string;
}

export async function writeDmsViz(r: DmsVizRequest): Promise<DmsVizExport & { path: string }> {
  const pdb = await structureField(r.structure);
  return withOutputLock(r.folder, 'a dms-viz export', async () => {
    const index = await readResultsIndex(r.folder);
    if (!index) throw new UserError(`${r.folder} holds no DMS Fit results`);
    const ref = r.lambda === undefined ? chosenFit(index) : index.fits.find((f) => f.lambda === r.lambda);
    if (!ref)
      throw new UserError(
        `${r.folder} has no fit at λ = ${r.lambda}; its fits: ${index.fits.map((f) => f.lambda).join(', ')}`,
      );
    const fitDir = await fitFolder(r.folder, ref.id);
    if (!fitDir) throw new UserError(`cannot find the folder of the fit at λ = ${ref.lambda} in ${r.folder}`);
    const detail = await readFitDetailAt(fitDir, ref.id);
    const path = r.out ?? join(fitDir, `dms-viz_${r.metric}.json`);
    const there = await stat(path).catch(() => undefined);
    if (there?.isDirectory())
      throw new OutputRefused(`will not write the dms-viz dataset to ${path}: it is a folder; name a file`);
    // A careless -o must not take a data file or anything else that is not an earlier dataset.
    if (there && !(await isJsonObject(path)))
      throw new OutputRefused(`will not replace ${path}: it is not a dms-viz dataset; choose another file`);
    if (resolve(path) === resolve(r.structure))
      throw new OutputRefused(`will not write the dms-viz dataset over ${r.structure}: it is the structure`);
    const name =
      r.name ?? `${index.data.conditions.map((c) => c.name).join(' vs ')} (λ ${formatNumber(ref.lambda)})`;
    const out = dmsVizExport(detail, { ...r, pdb, name });
    await writeFileAtomically(path, JSON.stringify(out.json) + '\n');
    return { ...out, path };
  });
}
