/**
 * A replicate's mutations.csv at one λ, read once for everything a collection derives from it
 * (the agreement between replicates, agreement.ts, and the averaged table, averaged.ts): its
 * fields by mutation, and a column's index by name.
 */
import { join } from 'node:path';
import { readDelimited } from '../core/data/delimited';
import { lambdaFolder } from '../core/io/resultsLayout';

export interface MutationsTable {
  /** Header names in file order. */
  columns: string[];
  /** Each row's fields by its mutation (the first column). */
  rows: Map<string, string[]>;
  /** The field of `column` in `row` ('' when the file has no such column). */
  get(row: string[], column: string): string;
}

async function readMutationsTable(path: string): Promise<MutationsTable> {
  let columns: string[] = [];
  let index = new Map<string, number>();
  const rows = new Map<string, string[]>();
  await readDelimited(
    { kind: 'file', path },
    {
      onRecord: (fields, i) => {
        if (i === 0) {
          columns = fields;
          index = new Map(fields.map((f, k) => [f, k]));
        } else rows.set(fields[0]!, fields);
      },
    },
  );
  return {
    columns,
    rows,
    get: (row, column) => {
      const k = index.get(column);
      return k === undefined ? '' : (row[k] ?? '');
    },
  };
}

/** Each replicate's table in `sub` of its results folder ('' for a single λ's fit). */
export function readTables(folders: string[], sub = ''): Promise<MutationsTable[]> {
  return Promise.all(folders.map((f) => readMutationsTable(join(f, sub, 'mutations.csv'))));
}

/**
 * Every replicate's table at each λ, largest λ first, one λ at a time (a spike-sized collection
 * holds one λ's tables, not the whole grid's). `folders` are the replicates' results (fitJob
 * layout: lambda-<λ>/ folders when there are several λ).
 */
export async function forEachLambda(
  folders: string[],
  lambdas: number[],
  use: (lambda: number, tables: MutationsTable[]) => void,
): Promise<void> {
  for (const lambda of [...lambdas].sort((a, b) => b - a)) {
    const sub = lambdas.length > 1 ? lambdaFolder(lambda) : '';
    use(lambda, await readTables(folders, sub));
  }
}
