/**
 * Results are written into a fresh temporary folder beside the destination and renamed into
 * place only when complete, so a crash or cancellation never leaves half-written results and
 * never destroys the previous ones.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export const TEMP_MARKER = '.dmsfit-tmp-';

/** A new empty temporary folder next to `dest` (same file system, so the final rename is atomic). */
export async function stagingDir(dest: string): Promise<string> {
  await fs.mkdir(dirname(dest), { recursive: true });
  const dir = join(dirname(dest), `${TEMP_MARKER}${basename(dest)}-${randomBytes(4).toString('hex')}`);
  await fs.mkdir(dir);
  return dir;
}

/**
 * Replaces `dest` by `staged`. The old folder is moved aside first and removed last; if the
 * process dies in between, the old results survive under a temporary name.
 */
export async function commitDir(staged: string, dest: string): Promise<void> {
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

/** Writes into a staging folder with `fill`, then commits; the staging folder is removed on failure. */
export async function writeDirAtomically(dest: string, fill: (dir: string) => Promise<void>): Promise<void> {
  const staged = await stagingDir(dest);
  try {
    await fill(staged);
    await commitDir(staged, dest);
  } catch (err) {
    await fs.rm(staged, { recursive: true, force: true });
    throw err;
  }
}

/** Writes one file atomically (temp file + rename). */
export async function writeFileAtomically(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `${TEMP_MARKER}${basename(path)}-${randomBytes(4).toString('hex')}`);
  await fs.writeFile(tmp, data);
  await fs.rename(tmp, path);
}

/**
 * Cleans up after a writer that died next to `dest`: if it died between moving the old results
 * aside and renaming the new ones in, the old results are put back; every other temporary
 * folder is removed.
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
  const stale = names.filter((n) => n.startsWith(prefix));
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
