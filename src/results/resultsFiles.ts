/** A results folder's files read back (the panel, the report and the tests): CSV rows, JSON, numbers. */
import { access, open, readFile } from 'node:fs/promises';
import { nameRecord } from '../core/data/nameRecord';
import { readDelimited } from '../core/data/delimited';

/** Rows of a CSV file as objects (header → value); at most `limit` rows, plus the total count. */
export async function readCsv(
  path: string,
  limit = Infinity,
): Promise<{ rows: Record<string, string>[]; total: number }> {
  const rows: Record<string, string>[] = [];
  let header: string[] = [];
  let total = 0;
  await readDelimited(
    { kind: 'file', path },
    {
      onRecord: (fields, i) => {
        if (i === 0) {
          header = fields;
          return;
        }
        total++;
        if (rows.length < limit) rows.push(nameRecord(header.map((h, k) => [h, fields[k] ?? ''])));
      },
    },
  );
  return { rows, total };
}

export async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

export async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

/** A CSV field as a number: empty (or absent) is NaN. */
export const csvNumber = (s: string | undefined): number => (s === undefined || s === '' ? NaN : Number(s));

/** A file's first `bytes` bytes as text (to tell an earlier export from a file of the user's). */
export async function fileHead(path: string, bytes: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(bytes), 0, bytes, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
