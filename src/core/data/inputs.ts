/**
 * Which files make a dataset. Plain paths, or a manifest (JSON) naming each file's condition
 * and replicate, for layouts where one file is one selection:
 *   { "files": [ { "path": "BA2/Lib1-221023_high_ACE2_func_scores.csv", "condition": "BA.2", "replicate": "1" } ] }
 * Paths in a manifest are relative to the manifest's folder. A results folder's job.json is one
 * too (its `inputs`, absolute paths), so the command that reproduces a fit can name it.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { TableInput } from './readTable';

const manifestFiles = z
  .array(
    z.strictObject({
      path: z.string().min(1),
      condition: z.string().min(1).optional(),
      replicate: z.string().optional(),
    }),
  )
  .min(1);
const manifestSchema = z.union([
  z.strictObject({ files: manifestFiles }),
  z.object({ inputs: manifestFiles }).transform((j) => ({ files: j.inputs })),
]);

export async function readManifest(path: string): Promise<TableInput[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read manifest ${path}: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`invalid manifest ${path}: ${z.prettifyError(parsed.error)}`);
  const base = dirname(path);
  return parsed.data.files.map((f) => ({
    path: resolve(base, f.path),
    ...(f.condition !== undefined ? { condition: f.condition } : {}),
    ...(f.replicate !== undefined ? { replicate: f.replicate } : {}),
  }));
}
