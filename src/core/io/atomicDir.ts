/**
 * Results are written into a fresh temporary folder beside the destination and renamed into
 * place only when complete, so a crash or cancellation never leaves half-written results and
 * never destroys the previous ones. And only results are ever replaced: every committed folder
 * carries RESULTS_MARKER, and a destination that is anything else (a file, a folder of the
 * user's, a folder holding one of the fit's own inputs) is refused before anything is written.
 */
import { randomBytes } from 'node:crypto';
import { OutputRefused } from '../errors';
import { processAlive, withOutputLock } from './outputLock';
import { promises as fs, readdirSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';

export const TEMP_MARKER = '.dmsfit-tmp-';
/** The file that says a folder is DMS Fit's results (and may be replaced by newer results). */
export const RESULTS_MARKER = '.dmsfit-results';
/**
 * What results written before RESULTS_MARKER existed hold, all together: a fit, a collection,
 * a spectrum, prepared data. (A single name would not do: a user's folder may hold a site_map.csv.)
 */
const LEGACY_RESULTS = [
  ['job.json', 'data'],
  ['collection.json', 'collection.csv', 'correlations.csv'],
  ['spectrum.json', 'orders.csv', 'subsets.csv'],
  ['summary.json', 'site_map.csv', 'dropped.csv', 'row_sums.csv'],
];

/** Whether the folder's entries say it is DMS Fit's results (the marker, or an older layout). */
function isResults(names: readonly string[]): boolean {
  return names.includes(RESULTS_MARKER) || LEGACY_RESULTS.some((set) => set.every((n) => names.includes(n)));
}

/**
 * The DMS Fit results folder that holds `file` (its outermost such ancestor: a fit's data/ is
 * results of its own), or undefined: so that a selection sweeping over a results folder does not
 * fit its CSVs as data.
 */
export function resultsFolderHolding(file: string): string | undefined {
  let found: string | undefined;
  for (let dir = dirname(resolve(file)); ; dir = dirname(dir)) {
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      // An unreadable folder says nothing either way.
    }
    if (isResults(names)) found = dir;
    if (dirname(dir) === dir) return found;
  }
}

const inside = (path: string, folder: string) => {
  const r = relative(resolve(folder), resolve(path));
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
};

/**
 * Throws OutputRefused unless `dest` is absent or a results folder that holds none of `inputs`
 * (the files the results are made from: never replaced, whatever else is asked).
 */
export async function assertReplaceable(dest: string, inputs: readonly string[] = []): Promise<void> {
  const input = inputs.find((p) => inside(p, dest));
  if (input !== undefined)
    throw new OutputRefused(
      `will not write results to ${dest}: ${resolve(input) === resolve(dest) ? 'it is' : 'it holds'} an input file (${input}); choose another output folder`,
    );
  let stat;
  try {
    stat = await fs.lstat(dest);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'ENOTDIR')
      throw new OutputRefused(`cannot write results to ${dest}: a part of its path is a file, not a folder`);
    if (code === 'EACCES' || code === 'EPERM')
      throw new OutputRefused(`cannot write results to ${dest}: permission denied`);
    throw err;
  }
  if (!stat.isDirectory())
    throw new OutputRefused(
      `will not replace ${dest}: it is a file, not a DMS Fit results folder; choose another output folder`,
    );
  const names = await fs.readdir(dest);
  // An empty folder holds nothing to lose (a user may make the folder first).
  if (names.length === 0 || isResults(names)) return;
  throw new OutputRefused(
    `will not replace ${dest}: it is not a DMS Fit results folder (it holds ${names.length} entries and no ${RESULTS_MARKER}); choose another output folder, or remove it yourself`,
  );
}

/**
 * A new empty temporary folder next to `dest` (same file system, so the final rename is atomic),
 * named with this process's id so that only a dead writer's staging is ever cleaned up.
 */
export async function stagingDir(dest: string): Promise<string> {
  await fs.mkdir(dirname(dest), { recursive: true });
  const dir = join(
    dirname(dest),
    `${TEMP_MARKER}${basename(dest)}-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  await fs.mkdir(dir);
  return dir;
}

/**
 * Replaces `dest` by `staged`, marked as results. The old folder is moved aside first and
 * removed last; if the process dies in between, the old results survive under a temporary name.
 * Refused (OutputRefused) when `dest` is not results, or holds one of `inputs`.
 */
export async function commitDir(staged: string, dest: string, inputs: readonly string[] = []): Promise<void> {
  await assertReplaceable(dest, inputs);
  await fs.writeFile(
    join(staged, RESULTS_MARKER),
    JSON.stringify({ format: 'dmsfit-results', version: 1 }) + '\n',
  );
  let aside: string | undefined;
  try {
    await fs.access(dest);
    aside = `${staged}-old`;
    await fs.rename(dest, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  try {
    await fs.rename(staged, dest);
  } catch (err) {
    if (aside) await fs.rename(aside, dest);
    throw err;
  }
  if (aside) await fs.rm(aside, { recursive: true, force: true });
}

export interface WriteDirOptions {
  /** The files the results are made from (never replaced). */
  inputs?: readonly string[];
  /**
   * Who takes the output's lock (outputLock.ts) for the write, for the message a second writer
   * gets; null when the caller holds the lock already (a fit job run by runCollection).
   */
  lockedBy: string | null;
}

/**
 * Writes into a staging folder with `fill`, then commits; the staging folder is removed on
 * failure. A destination that may not be replaced, or that another writer holds, is refused
 * before `fill` runs.
 */
export async function writeDirAtomically(
  dest: string,
  fill: (dir: string) => Promise<void>,
  options: WriteDirOptions,
): Promise<void> {
  const inputs = options.inputs ?? [];
  const write = async () => {
    await assertReplaceable(dest, inputs);
    await removeStaleStaging(dest);
    const staged = await stagingDir(dest);
    try {
      await fill(staged);
      await commitDir(staged, dest, inputs);
    } catch (err) {
      await fs.rm(staged, { recursive: true, force: true });
      throw err;
    }
  };
  if (options.lockedBy === null) await write();
  else await withOutputLock(dest, options.lockedBy, write);
}

/** Writes one file atomically (temp file + rename). */
export async function writeFileAtomically(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `${TEMP_MARKER}${basename(path)}-${randomBytes(4).toString('hex')}`);
  await fs.writeFile(tmp, data);
  await fs.rename(tmp, path);
}

/** The process that made a staging folder, from its name (undefined: named before ids were). */
function stagingOwner(name: string, prefix: string): number | undefined {
  const m = /^(\d+)-[0-9a-f]{8}(-old)?$/.exec(name.slice(prefix.length));
  return m ? Number(m[1]) : undefined;
}

/**
 * Cleans up after writers that died next to `dest`: if one died between moving the old results
 * aside and renaming the new ones in, the old results are put back; the dead writers' other
 * temporary folders are removed. A live writer's staging is never touched.
 */
export async function removeStaleStaging(dest: string): Promise<void> {
  const parent = dirname(dest);
  const prefix = `${TEMP_MARKER}${basename(dest)}-`;
  let names: string[];
  try {
    names = await fs.readdir(parent);
  } catch {
    return;
  }
  const stale = names.filter((n) => {
    if (!n.startsWith(prefix)) return false;
    const pid = stagingOwner(n, prefix);
    return pid === undefined || !processAlive(pid);
  });
  const aside = stale.find((n) => n.endsWith('-old'));
  if (aside) {
    try {
      await fs.access(dest);
    } catch {
      await fs.rename(join(parent, aside), dest);
    }
  }
  // (A restored aside is gone from its old name; rm with force ignores it.)
  await Promise.all(stale.map((n) => fs.rm(join(parent, n), { recursive: true, force: true })));
}
