/** Real data beside the repository (../shared/data), read in place, never copied. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SHARED = resolve(import.meta.dirname, '../../../shared/data');

export function shared(rel: string): string {
  const p = join(SHARED, rel);
  if (!existsSync(p))
    throw new Error(`missing real data ${p}: ../shared/data must sit beside the repository`);
  return p;
}
