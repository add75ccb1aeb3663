/**
 * What each input file was when a fit read it: size, modification time and SHA-256 of its
 * bytes, recorded in job.json. A file rewritten while it is read (its size, mtime or inode
 * differ before and after), or between the jobs of one collection (its hash differs from the
 * one the collection took at the start), fails the fit with a clear message instead of giving
 * results that mix two versions of the data.
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { InputError } from '../errors';

export interface InputSnapshot {
  path: string;
  bytes: number;
  /** ISO modification time. */
  modified: string;
  sha256: string;
}

interface Identity {
  size: bigint;
  mtimeNs: bigint;
  ino: bigint;
  dev: bigint;
}

/** Undefined when `path` is not a regular file (missing, a folder…): the reading reports it. */
async function identity(path: string): Promise<Identity | undefined> {
  const s = await fs.stat(path, { bigint: true }).catch(() => undefined);
  return s?.isFile() ? { size: s.size, mtimeNs: s.mtimeNs, ino: s.ino, dev: s.dev } : undefined;
}

const same = (a: Identity, b: Identity) =>
  a.size === b.size && a.mtimeNs === b.mtimeNs && a.ino === b.ino && a.dev === b.dev;

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Why a read file's snapshot is refused: it changed (or went away) while it was read. */
function changed(path: string, was: Identity, after: Identity | undefined): InputError {
  return new InputError(
    `${path} changed while it was read (${was.size} → ${after === undefined ? 'no file' : `${after.size} bytes`}); fit again once nothing is writing it`,
    [],
  );
}

/**
 * Runs `read` (which reads the files at `paths`) and returns its result with a snapshot of each
 * file, or throws InputError if a file changed while `read` ran or differs from `expected`. A
 * path that is not a regular file gets no snapshot: `read` reports it (an unreadable-file
 * diagnostic), as it would without snapshots.
 *
 * Each file's digest is taken before `read` and handed to it (the loaded-dataset cache is keyed
 * by it): a file written after its identity was taken, during the digest or the read, has
 * another identity afterwards (size, modification time, inode), so the digest stands for what
 * was read, and no file is read a third time to check it.
 */
export async function readUnchanged<T>(
  paths: readonly string[],
  read: (digests: ReadonlyMap<string, string>) => Promise<T>,
  expected?: readonly InputSnapshot[],
): Promise<{ result: T; snapshots: InputSnapshot[] }> {
  const before = await Promise.all(paths.map(identity));
  const digests = new Map<string, string>();
  for (const [k, path] of paths.entries()) {
    if (before[k] === undefined) continue;
    const digest = await sha256(path).catch(() => undefined);
    if (digest === undefined) throw changed(path, before[k], undefined);
    const want = expected?.find((e) => e.path === path);
    if (want && want.sha256 !== digest)
      throw new InputError(
        `${path} changed after the fit started (its content differs from when the first job read it); fit again once nothing is writing it`,
        [],
      );
    digests.set(path, digest);
  }
  const result = await read(digests);
  const snapshots: InputSnapshot[] = [];
  for (const [k, path] of paths.entries()) {
    const was = before[k];
    if (was === undefined) continue;
    const after = await identity(path);
    if (after === undefined || !same(was, after)) throw changed(path, was, after);
    const digest = digests.get(path)!;
    snapshots.push({
      path,
      bytes: Number(after.size),
      modified: new Date(Number(after.mtimeNs / 1_000_000n)).toISOString(),
      sha256: digest,
    });
  }
  return { result, snapshots };
}

/**
 * Snapshots of the files as they are now (what a collection's jobs must all read). A path that
 * is not a readable file is left out: the jobs' reading reports it with a diagnostic.
 */
export async function snapshotInputs(paths: readonly string[]): Promise<InputSnapshot[]> {
  return (await readUnchanged(paths, async () => undefined).catch(() => ({ snapshots: [] }))).snapshots;
}
