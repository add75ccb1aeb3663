/**
 * Parse once per dataset: a loaded dataset (load.ts) saved under the SHA-256 of its files'
 * contents, so that the other jobs of a fit — each replicate, the combined fit, the refits on all
 * variants, each in a fresh fitter process — and any later fit of the same files read the saved
 * table instead of parsing the CSVs again.
 *
 * The key covers everything the table depends on: each file's content digest, path, condition
 * and replicate, the data and load options, and the running program itself (its entry script's
 * size and modification time), so a rebuilt DMS Fit never reads a table an older reader made.
 * An entry is written atomically (temp file + rename); one that cannot be read, or whose key does
 * not match, is ignored and the files are parsed. While one process parses, its claim file
 * (`<key>.parsing`) makes the others wait for its entry instead of parsing too, so the replicate
 * jobs that start together parse once. The newest MAX_ENTRIES entries are kept.
 *
 * Where: `$DMSFIT_CACHE` if set (`off` turns the cache off), else `$XDG_CACHE_HOME/dmsfit/tables`
 * or `~/.cache/dmsfit/tables`, made readable by its owner only.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { homedir, hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { alphabet, type AlphabetName } from './alphabet';
import { StringColumn } from './growable';
import { KeyIndex } from './keyIndex';
import { loadDataset, type LoadedDataset, type LoadOptions } from './load';
import type { DataOptions } from './options';
import type { TableInput } from './readTable';

/** Entries kept: a few datasets (a spike's pair of libraries is ~40 MB an entry). */
export const MAX_ENTRIES = 8;

/** Bumped whenever the saved shape changes. */
const FORMAT = 1;

/** The cache folder, or undefined when `$DMSFIT_CACHE` is `off`. */
export function loadCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const set = env.DMSFIT_CACHE;
  if (set === 'off') return undefined;
  if (set) return set;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'dmsfit', 'tables');
}

/**
 * loadDataset, through the cache in `dir` where every input is a file on disk whose content
 * digest `digests` holds (readUnchanged takes them, and checks afterwards that the files stayed
 * as they were).
 */
export async function loadDatasetCached(
  inputs: TableInput[],
  options: DataOptions,
  load: LoadOptions,
  digests: ReadonlyMap<string, string>,
  dir: string | undefined = loadCacheDir(),
): Promise<LoadedDataset> {
  const digestOf = inputs.map((i) => (i.text === undefined ? digests.get(i.path) : undefined));
  // Editor buffers, and files that cannot be read (the parse says why), are parsed.
  if (dir === undefined || digestOf.some((d) => d === undefined)) return loadDataset(inputs, options, load);
  const key = await entryKey(inputs, digestOf as string[], options, load);
  const saved = await readEntry(dir, key).catch(() => undefined);
  if (saved) return saved;
  // Sibling jobs start together: one parses, the others wait for its entry.
  const claim = await claimEntry(dir, key);
  if (!claim) {
    const waited = await waitForEntry(dir, key);
    if (waited) return waited;
  }
  try {
    const loaded = await loadDataset(inputs, options, load);
    await writeEntry(dir, key, loaded).catch(() => undefined);
    return loaded;
  } finally {
    if (claim) await rm(claim, { force: true });
  }
}

/**
 * `dir` and its missing parents, made one level at a time, owner-only: Node 20's recursive mkdir
 * never settles under /proc, and a cache that cannot be made must fail, not hang the fit.
 */
async function makeDirs(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let d = dir; dirname(d) !== d && !(await stat(d).catch(() => undefined)); d = dirname(d))
    missing.unshift(d);
  for (const d of missing)
    await mkdir(d, { mode: 0o700 }).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
}

/** A claim older than this is a crashed parser's: it is waited on no longer. */
const CLAIM_STALE_MS = 120_000;

/** The claim file on `key`'s entry if this process took it; undefined if another holds it. */
async function claimEntry(dir: string, key: string): Promise<string | undefined> {
  const path = join(dir, `${key}.parsing`);
  try {
    await makeDirs(dir);
    await writeFile(path, `${hostname()} ${process.pid}\n`, { flag: 'wx', mode: 0o600 });
    return path;
  } catch {
    return undefined;
  }
}

/** The entry another process is writing, once it is there; undefined if its claim goes stale or away. */
async function waitForEntry(dir: string, key: string): Promise<LoadedDataset | undefined> {
  const claim = join(dir, `${key}.parsing`);
  for (;;) {
    await new Promise((r) => setTimeout(r, 50));
    const held = await stat(claim).catch(() => undefined);
    const entry = await readEntry(dir, key).catch(() => undefined);
    if (entry) return entry;
    if (!held || Date.now() - held.mtimeMs > CLAIM_STALE_MS) return undefined;
  }
}

async function entryKey(
  inputs: TableInput[],
  digests: string[],
  options: DataOptions,
  load: LoadOptions,
): Promise<string> {
  const entry = process.argv[1] ? await stat(process.argv[1]).catch(() => undefined) : undefined;
  const program = entry ? [process.argv[1], entry.size, entry.mtimeMs] : [];
  const files = inputs.map((i, k) => [i.path, i.condition ?? null, i.replicate ?? null, digests[k]]);
  const text = JSON.stringify({ FORMAT, program, files, options, load });
  return createHash('sha256').update(text).digest('hex');
}

/** The dataset with its classes flattened to typed arrays, as v8.serialize keeps them. */
function saved(key: string, d: LoadedDataset) {
  const { keys, extras, alphabet: abc, ...columns } = d.table;
  return {
    format: FORMAT,
    key,
    table: {
      ...columns,
      alphabet: abc.name,
      // Copies: a view would save its whole growable buffer, spare capacity included.
      keys: keys.allKeys().slice(),
      extras: extras.map((e) => {
        const { bytes, offsets } = e.values.parts();
        return { name: e.name, bytes: bytes.slice(), offsets: offsets.slice() };
      }),
    },
    diagnostics: d.diagnostics,
    errors: d.errors,
    warnings: d.warnings,
    rejected: d.rejected,
    rowsPerFile: d.rowsPerFile,
  };
}

type Saved = ReturnType<typeof saved>;

async function readEntry(dir: string, key: string): Promise<LoadedDataset | undefined> {
  const path = join(dir, `${key}.v8`);
  const s = deserialize(await readFile(path)) as Saved;
  if (s?.format !== FORMAT || s.key !== key) return undefined;
  const now = new Date();
  await utimes(path, now, now).catch(() => undefined);
  const { keys, extras, alphabet: name, ...columns } = s.table;
  return {
    table: {
      ...columns,
      alphabet: alphabet(name as AlphabetName),
      keys: KeyIndex.fromKeys(keys),
      extras: extras.map((e) => ({ name: e.name, values: StringColumn.fromParts(e) })),
    },
    diagnostics: s.diagnostics,
    errors: s.errors,
    warnings: s.warnings,
    rejected: s.rejected,
    rowsPerFile: s.rowsPerFile,
  };
}

async function writeEntry(dir: string, key: string, loaded: LoadedDataset): Promise<void> {
  await makeDirs(dir);
  const temp = join(dir, `${key}.${process.pid}.tmp`);
  try {
    await writeFile(temp, serialize(saved(key, loaded)), { mode: 0o600 });
    await rename(temp, join(dir, `${key}.v8`));
  } finally {
    await rm(temp, { force: true });
  }
  await prune(dir);
}

/** Keeps the MAX_ENTRIES most recently used entries. */
async function prune(dir: string): Promise<void> {
  const entries = (await readdir(dir)).filter((n) => n.endsWith('.v8'));
  if (entries.length <= MAX_ENTRIES) return;
  const dated = await Promise.all(
    entries.map(async (n) => ({ n, t: (await stat(join(dir, n)).catch(() => undefined))?.mtimeMs ?? 0 })),
  );
  dated.sort((a, b) => b.t - a.t);
  for (const { n } of dated.slice(MAX_ENTRIES)) await rm(join(dir, n), { force: true });
}
