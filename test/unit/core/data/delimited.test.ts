import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { readDelimited, sniffDelimiter, type CellRange } from '../../../../src/core/data/delimited.ts';

interface Seen {
  fields: string[];
  line: number;
  cells: CellRange[];
}

async function readText(text: string, name = 'x.csv'): Promise<Seen[]> {
  const seen: Seen[] = [];
  await readDelimited(
    { kind: 'text', text, name },
    {
      onRecord: (fields, _i, at) => {
        seen.push({ fields: [...fields], line: at.line, cells: fields.map((_, k) => at.cell(k)) });
      },
    },
  );
  return seen;
}

function lineText(text: string, line: number): string {
  return text.replace(/^\uFEFF/, '').split(/\r?\n/)[line - 1]!;
}

test('unquoted CSV: fields, lines and cell columns match the text', async () => {
  const text = 'func_score,aa_substitutions,condition\n1.5,M1E P3G,a\n\n-2,,b\n';
  const seen = await readText(text);
  assert.deepEqual(
    seen.map((s) => s.fields),
    [
      ['func_score', 'aa_substitutions', 'condition'],
      ['1.5', 'M1E P3G', 'a'],
      ['-2', '', 'b'],
    ],
  );
  assert.deepEqual(
    seen.map((s) => s.line),
    [1, 2, 4],
  );
  for (const s of seen) {
    s.cells.forEach((c, k) => assert.equal(lineText(text, c.line).slice(c.start, c.end), s.fields[k]));
  }
});

test('BOM and CRLF are handled; columns ignore the BOM as the editor does', async () => {
  const text = '\uFEFFa,b\r\n1,2\r\n3,4';
  const seen = await readText(text);
  assert.deepEqual(
    seen.map((s) => s.fields),
    [
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ],
  );
  assert.deepEqual(seen[1]!.cells[1], { line: 2, start: 2, end: 3 });
});

test('a stray CR in an LF file does not leak into the last field', async () => {
  const seen = await readText('a,b\n1,2\r\n3,4\n');
  assert.deepEqual(seen[1]!.fields, ['1', '2']);
});

test('quoted fields with escaped quotes and embedded newlines keep exact positions', async () => {
  const text = 'a,b,c\n1,"x\ny",3\n"q""uote",,z\n4,"5,6",7\n';
  const seen = await readText(text);
  assert.deepEqual(
    seen.map((s) => s.fields),
    [
      ['a', 'b', 'c'],
      ['1', 'x\ny', '3'],
      ['q"uote', '', 'z'],
      ['4', '5,6', '7'],
    ],
  );
  assert.deepEqual(
    seen.map((s) => s.line),
    [1, 2, 4, 5],
  );
  // The cell after the multi-line field starts on line 3, column 3 ('y",3').
  assert.deepEqual(seen[1]!.cells[2], { line: 3, start: 3, end: 4 });
  assert.deepEqual(seen[2]!.cells[2], { line: 4, start: 11, end: 12 });
  assert.deepEqual(seen[3]!.cells[1], { line: 5, start: 2, end: 7 });
});

test('TSV by extension and by sniffing', async () => {
  assert.equal(sniffDelimiter('t.tsv', 'a,b'), '\t');
  assert.equal(sniffDelimiter('t.txt', 'a\tb\tc,d'), '\t');
  assert.equal(sniffDelimiter('t.txt', 'a,b,c'), ',');
  const seen = await readText('a\tb\n1\t2,3\n', 'x.tsv');
  assert.deepEqual(seen[1]!.fields, ['1', '2,3']);
  assert.deepEqual(seen[1]!.cells[1], { line: 2, start: 2, end: 5 });
});

test('cell past the last field points at the end of the record', async () => {
  const seen: CellRange[] = [];
  await readDelimited(
    { kind: 'text', text: 'a,b,c\n1,2\n', name: 'x.csv' },
    {
      onRecord: (_f, i, at) => {
        if (i === 1) seen.push(at.cell(2), at.whole());
      },
    },
  );
  assert.deepEqual(seen, [
    { line: 2, start: 3, end: 3 },
    { line: 2, start: 0, end: 3 },
  ]);
});

test('files: same records as text, on both the plain and the quoted path, with or without a BOM; early stop', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dmsfit-delim-'));
  const rows = ['s,subs,c'];
  for (let i = 0; i < 5000; i++) rows.push(`${i * 0.5},M${i}E P${i + 1}G,${i % 3 === 0 ? '"q,1"' : 'b'}`);
  const quoted = rows.join('\n') + '\n';
  const plain = quoted.replaceAll('"q,1"', 'q1');
  for (const [label, text] of [
    ['plain', plain],
    ['quoted', quoted],
    ['plain-bom', `\uFEFF${plain}`],
    ['quoted-bom', `\uFEFF${quoted}`],
  ] as const) {
    const path = join(dir, `${label}.csv`);
    writeFileSync(path, text);
    const fromFile: string[][] = [];
    const summary = await readDelimited(
      { kind: 'file', path },
      { onRecord: (f) => void fromFile.push([...f]) },
    );
    assert.equal(summary.quoted, label.startsWith('quoted'));
    const expected = Papa.parse<string[]>(text.replace(/^\uFEFF/, '').trimEnd()).data;
    assert.deepEqual(fromFile, expected);
    let n = 0;
    const stopped = await readDelimited({ kind: 'file', path }, { onRecord: () => ++n < 10 });
    assert.equal(stopped.stopped, true);
    assert.equal(n, 10);
  }
});

test('files: a character split between two read slices is decoded whole', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dmsfit-delim-'));
  const rows = ['n,text'];
  for (let i = 0; i < 100_000; i++) rows.push(`${i},é€${'€'.repeat(i % 7)}`);
  const text = rows.join('\n') + '\n';
  const bytes = Buffer.from(text);
  // The reader decodes 64 KiB pieces: make sure some piece ends inside a multi-byte character.
  let splits = 0;
  for (let b = 1 << 16; b < bytes.length; b += 1 << 16) if ((bytes[b]! & 0xc0) === 0x80) splits++;
  assert.ok(splits > 5, `only ${splits} pieces end inside a character`);
  const path = join(dir, 'utf8.csv');
  writeFileSync(path, bytes);
  const fromFile: string[][] = [];
  await readDelimited({ kind: 'file', path }, { onRecord: (f) => void fromFile.push([...f]) });
  assert.deepEqual(fromFile, Papa.parse<string[]>(text.trimEnd()).data);
});

test('a quoted file of many MiB streams with exact positions across pieces (lines with quotes, doubled quotes, breaks inside quotes)', async () => {
  // Built alongside the positions each record's second cell must have, independently of the reader.
  const lines: string[] = ['condition,aa_substitutions,func_score'];
  const expected: { line: number; start: number; end: number; value: string }[] = [];
  let line = 2;
  for (let k = 0; k < 150_000; k++) {
    const condition = k % 7 === 0 ? `"c ""${k}"""` : `c${k}`;
    const multi = k % 997 === 0;
    const value = multi ? `M1E\nG${k}R` : `M1E G${k}R`;
    const raw = multi || k % 3 === 0 ? `"${value}"` : value;
    const start = condition.length + 1;
    expected.push({ line, start, end: multi ? start : start + raw.length, value });
    lines.push(`${condition},${raw},${(k % 13) - 6}`);
    line += multi ? 2 : 1;
  }
  const text = lines.join('\n') + '\n';
  assert.ok(text.length > 1.5 * 2 ** 20, 'spans several read blocks');
  const path = join(mkdtempSync(join(tmpdir(), 'dmsfit-quoted-')), 'big.csv');
  writeFileSync(path, text);
  let k = -1;
  const summary = await readDelimited(
    { kind: 'file', path },
    {
      onRecord: (fields, i, at) => {
        if (i === 0) return;
        const e = expected[++k]!;
        assert.equal(fields[1], e.value, `record ${i}`);
        const c = at.cell(1);
        assert.deepEqual([c.line, c.start, c.end], [e.line, e.start, e.end], `record ${i}: ${fields[1]}`);
        assert.equal(at.line, e.line);
      },
    },
  );
  assert.equal(summary.quoted, true);
  assert.equal(k + 1, expected.length);
});

test('a 3 MB line is one record, on both paths', async () => {
  const long = 'M1E '.repeat(750_000).trim();
  for (const quote of ['', '"']) {
    const path = join(mkdtempSync(join(tmpdir(), 'dmsfit-long-')), 'long.csv');
    writeFileSync(path, `condition,aa_substitutions,func_score\na,${quote}${long}${quote},1\nb,M1E,2\n`);
    const seen: string[][] = [];
    await readDelimited({ kind: 'file', path }, { onRecord: (fields) => void seen.push(fields) });
    assert.equal(seen.length, 3);
    assert.equal(seen[1]![1]!.length, long.length);
    assert.deepEqual(seen[2], ['b', 'M1E', '2']);
  }
});
