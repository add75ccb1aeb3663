/** CSV output: the same text as Papa Parse's unparser (the oracle), and it reads back. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { csvField, toCsvText, writeCsv, type Cell } from '../../../../src/core/io/csvWriter.ts';
import { Random } from '../../../../src/core/random.ts';

const PIECES = ['a', 'Z', '1', ' ', ',', '"', '\n', '\r', '\ufeff', ';', '\t', "'", 'é', '='];

function randomCell(r: Random): Cell {
  const kind = r.uniform();
  if (kind < 0.3) {
    const specials = [NaN, Infinity, -Infinity, 0, -0, 1e-7, 2 ** 53 + 2, -1.5e300, 5e-324];
    return r.uniform() < 0.3
      ? specials[Math.floor(r.uniform() * specials.length)]!
      : r.normal() * 10 ** (r.normal() * 5);
  }
  if (kind < 0.35) return r.uniform() < 0.5;
  if (kind < 0.4) return r.uniform() < 0.5 ? null : undefined;
  let s = '';
  const n = Math.floor(r.uniform() * 6);
  for (let k = 0; k < n; k++) s += PIECES[Math.floor(r.uniform() * PIECES.length)]!;
  return s;
}

/** What Papa Parse writes for the same rows (its cells as our text before quoting). */
function papaText(rows: Cell[][]): string {
  const text = (v: Cell) =>
    v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? '' : String(v);
  return (
    Papa.unparse(
      rows.map((row) => row.map(text)),
      { newline: '\n', quotes: false },
    ) + '\n'
  );
}

test('rows are written exactly as Papa Parse unparses them, over 20,000 random rows', () => {
  const r = new Random(5);
  const rows = Array.from({ length: 20_000 }, () =>
    Array.from({ length: 1 + Math.floor(r.uniform() * 4) }, () => randomCell(r)),
  );
  const columns = ['a b', 'c,d', ' e'];
  assert.equal(toCsvText({ columns, rows }), papaText([columns, ...rows]));
});

test('fields that need quotes are quoted and read back whole', () => {
  assert.equal(csvField('plain text'), 'plain text');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField(' lead'), '" lead"');
  assert.equal(csvField('trail '), '"trail "');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField(-0.1), '-0.1');
  assert.equal(csvField(NaN), '');
  assert.equal(csvField(true), 'true');
  const row = ['a,b', 'say "hi"', ' x ', 'l1\r\nl2', 'plain'];
  const parsed = Papa.parse<string[]>(toCsvText({ columns: row, rows: [] }), { newline: '\n' }).data[0];
  assert.deepEqual(parsed, row);
});

test('writeCsv writes the same text in batches to a file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dmsfit-csv-'));
  try {
    const rows = Array.from({ length: 25_001 }, (_, i): Cell[] => [i, `v${i % 7},x`, i / 3]);
    const table = { columns: ['i', 'label', 'third'], rows };
    await writeCsv(join(dir, 't.csv'), table);
    assert.equal(readFileSync(join(dir, 't.csv'), 'utf8'), toCsvText(table));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
