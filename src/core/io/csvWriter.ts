/**
 * Writes tables as CSV through a stream, quoting via Papa Parse's unparser (fields holding the
 * delimiter, quotes or newlines are quoted). Rows are written in batches to bound memory.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import Papa from 'papaparse';

export type Cell = string | number | boolean | null | undefined;

export interface OutputTable {
  columns: string[];
  rows: Iterable<Cell[]>;
}

/** Numbers as the shortest text that reads back to the same double; NaN and null as empty. */
export function formatCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isNaN(v) ? '' : String(v);
  return String(v);
}

const BATCH = 10_000;

/** Writes to a file path, or to an already open stream (left open, e.g. process.stdout). */
export async function writeCsv(target: string | NodeJS.WritableStream, table: OutputTable): Promise<void> {
  const own = typeof target === 'string';
  const out = own ? createWriteStream(target, { encoding: 'utf8' }) : target;
  const failed = once(out, 'error').then(([err]) => Promise.reject(err as Error));
  const write = async (text: string) => {
    if (!out.write(text)) await Promise.race([once(out, 'drain'), failed]);
  };
  const unparse = (rows: string[][]) => Papa.unparse(rows, { newline: '\n', quotes: false }) + '\n';
  await write(unparse([table.columns]));
  let batch: string[][] = [];
  for (const row of table.rows) {
    batch.push(row.map(formatCell));
    if (batch.length === BATCH) {
      await write(unparse(batch));
      batch = [];
    }
  }
  if (batch.length > 0) await write(unparse(batch));
  if (!own) return;
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
}

/** The whole table as CSV text (small tables: reports, tests). */
export function toCsvText(table: OutputTable): string {
  const rows = [table.columns, ...[...table.rows].map((r) => r.map(formatCell))];
  return Papa.unparse(rows, { newline: '\n', quotes: false }) + '\n';
}
