/**
 * Streaming reader for CSV/TSV text on top of Papa Parse, with exact editor positions.
 *
 * Papa Parse does the parsing (quotes, escaped quotes, embedded newlines). This module adds
 * what a validator needs and Papa does not give directly: the 1-based line and the column
 * range of any cell, as the editor shows them. Two paths:
 *  - no `"` anywhere in the input (the usual DMS table): Papa's fast mode; every record is one
 *    line, so a cell's position follows from the field lengths of its row;
 *  - quotes present: Papa reports each record's end offset; the record's raw text is kept until
 *    its callback returns, and a small locator (quotedLocator.ts) walks it to find field
 *    boundaries (it never decides values). Both paths stream in constant memory.
 */
import { createReadStream, promises as fsp } from 'node:fs';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import Papa from 'papaparse';
import { QuotedLocator } from './quotedLocator';
import { checkUtf8Block } from './textEncoding';

export type Delimiter = ',' | '\t';

/** A cell's place in the editor: 1-based line, 0-based [start, end) columns in UTF-16 units. */
export interface CellRange {
  line: number;
  start: number;
  end: number;
}

export type DelimitedSource = { kind: 'file'; path: string } | { kind: 'text'; text: string; name: string };

/** Positions of the current record's cells; valid only during the callback that received it. */
export interface RecordLocator {
  /** Line on which the record starts. */
  readonly line: number;
  /** Range of field `index`; an index past the last field gives the end of the record. */
  cell(index: number): CellRange;
  /** Range of the characters [from, to) of field `index`'s value (quotes and escapes accounted for). */
  span(index: number, from: number, to: number): CellRange;
  /** Range covering the whole record's first line. */
  whole(): CellRange;
}

export interface ReadOptions {
  /** Field delimiter; `undefined` = by file extension (.tsv/.tab = tab) or sniffed from the first line. */
  delimiter?: Delimiter;
  /** Called with each record (header included, as record 0). Return `false` to stop reading. */
  onRecord: (fields: string[], recordIndex: number, at: RecordLocator) => boolean | void;
}

export interface ReadSummary {
  delimiter: Delimiter;
  /** Number of records passed to `onRecord` (blank lines are skipped and not counted). */
  records: number;
  /** Whether the input contained quote characters (the slower, exact-offset path was used). */
  quoted: boolean;
  /** Whether the reader stopped early because `onRecord` returned false. */
  stopped: boolean;
}

const SLICE = 1 << 16;
const QUOTE = 0x22;

function* slices(text: string): Generator<string> {
  for (let i = 0; i < text.length; i += SLICE) yield text.slice(i, i + SLICE);
}

/** A file's text in blocks this large are read ahead: the next is read while one is parsed. */
const BLOCK = 1 << 20;

/**
 * A file's text as SLICE-sized pieces, read BLOCK bytes at a time. Papa is fastest on 64 KiB
 * pieces, but a stream reading 64 KiB at a time leaves the parser idle at every read (7 % of
 * validation time on a million rows).
 */
async function* fileSlices(path: string, start: number): AsyncGenerator<string> {
  // Decoded slice by slice (64 KiB strings are cheaper to make than 1 MiB ones); the decoder
  // carries a character split between two slices over to the next. Each block is checked to be
  // UTF-8 first (natively): the decoder would turn other bytes into U+FFFD without a word.
  const decoder = new StringDecoder('utf8');
  let offset = start;
  let held = Buffer.alloc(0);
  for await (const block of createReadStream(path, { highWaterMark: BLOCK, start })) {
    const bytes = block as Buffer;
    const checked = held.length > 0 ? Buffer.concat([held, bytes]) : bytes;
    const keep = checkUtf8Block(checked, offset - held.length, false);
    held = Buffer.from(checked.subarray(checked.length - keep));
    offset += bytes.length;
    for (let i = 0; i < bytes.length; i += SLICE) yield decoder.write(bytes.subarray(i, i + SLICE));
  }
  if (held.length > 0) checkUtf8Block(held, offset - held.length, true);
  const rest = decoder.end();
  if (rest !== '') yield rest;
}

/** Delimiter from the file name, else from the first line: tabs beat commas when more numerous. */
export function sniffDelimiter(name: string, firstLine: string): Delimiter {
  const lower = name.toLowerCase();
  if (lower.endsWith('.tsv') || lower.endsWith('.tab')) return '\t';
  if (lower.endsWith('.csv')) return ',';
  let tabs = 0;
  let commas = 0;
  for (let i = 0; i < firstLine.length; i++) {
    const c = firstLine.charCodeAt(i);
    if (c === 9) tabs++;
    else if (c === 44) commas++;
  }
  return tabs > commas ? '\t' : ',';
}

async function fileContainsQuote(path: string): Promise<boolean> {
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    if ((chunk as Buffer).indexOf(QUOTE) !== -1) return true;
  }
  return false;
}

async function readHead(path: string, bytes = 1 << 16): Promise<string> {
  const handle = await fsp.open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

function newlineOf(head: string): '\n' | '\r\n' {
  const i = head.indexOf('\n');
  return i > 0 && head.charCodeAt(i - 1) === 13 ? '\r\n' : '\n';
}

/** A record made only of one empty field is a blank line: skipped, as pandas does. */
function isBlank(fields: string[]): boolean {
  return fields.length === 1 && fields[0] === '';
}

/** A stray CR at the end of an LF file's last field is line-ending debris, not data. */
function trimStrayCr(fields: string[]): void {
  const last = fields.length - 1;
  const v = fields[last]!;
  if (v.length > 0 && v.charCodeAt(v.length - 1) === 13) fields[last] = v.slice(0, -1);
}

/** Locator for unquoted records: one line each, fields laid out back to back. */
class PlainLocator implements RecordLocator {
  line = 0;
  private fields: string[] = [];
  set(line: number, fields: string[]): this {
    this.line = line;
    this.fields = fields;
    return this;
  }
  cell(index: number): CellRange {
    let col = 0;
    const n = Math.min(index, this.fields.length);
    for (let k = 0; k < n; k++) col += this.fields[k]!.length + 1;
    if (index >= this.fields.length)
      return { line: this.line, start: Math.max(0, col - 1), end: Math.max(0, col - 1) };
    return { line: this.line, start: col, end: col + this.fields[index]!.length };
  }
  span(index: number, from: number, to: number): CellRange {
    const c = this.cell(index);
    return { line: this.line, start: c.start + from, end: c.start + to };
  }
  whole(): CellRange {
    let len = this.fields.length - 1;
    for (const f of this.fields) len += f.length;
    return { line: this.line, start: 0, end: len };
  }
}

/**
 * The pieces again, cut so that each (but the last) ends just after a line break. Papa copies
 * the unfinished line it carries from one piece into the next: a 30 MB line cut into 64 KiB
 * pieces was copied 470 times (16 s); cut at line breaks, every line reaches Papa whole, once.
 */
async function* lineAligned(pieces: AsyncIterable<string> | Iterable<string>): AsyncGenerator<string> {
  let carry = '';
  for await (const piece of pieces) {
    const cut = piece.lastIndexOf('\n');
    if (cut === -1) {
      carry += piece;
      continue;
    }
    yield carry + piece.slice(0, cut + 1);
    carry = piece.slice(cut + 1);
  }
  if (carry !== '') yield carry;
}

/**
 * Reads a delimited table record by record. The header is record 0. Blank lines are skipped.
 * Memory: only the pieces being parsed are held, quoted or not (a quoted record's raw text is
 * kept until its callback has returned, for its cells' positions).
 */
export async function readDelimited(source: DelimitedSource, options: ReadOptions): Promise<ReadSummary> {
  const name = source.kind === 'file' ? source.path : source.name;
  const quoted =
    source.kind === 'file' ? await fileContainsQuote(source.path) : source.text.indexOf('"') !== -1;
  const text = source.kind === 'text' ? stripBom(source.text) : undefined;
  let head = text !== undefined ? text.slice(0, SLICE) : await readHead((source as { path: string }).path);
  // A BOM is skipped by starting the file stream after its three bytes.
  const bomBytes = text === undefined && head.charCodeAt(0) === 0xfeff ? 3 : 0;
  head = stripBom(head);
  const firstLine = head.split('\n', 1)[0] ?? '';
  const delimiter = options.delimiter ?? sniffDelimiter(name, firstLine);
  const newline = newlineOf(head);
  const summary: ReadSummary = { delimiter, records: 0, quoted, stopped: false };

  const pieces = lineAligned(
    text !== undefined ? slices(text) : fileSlices((source as { path: string }).path, bomBytes),
  );
  // The text Papa has been given and not yet consumed, from absolute offset pendingStart.
  let pending = '';
  let pendingStart = 0;
  async function* kept(): AsyncGenerator<string> {
    for await (const piece of pieces) {
      pending += piece;
      yield piece;
    }
  }
  const input = Readable.from(quoted ? kept() : pieces);

  const strayCr = newline === '\n';
  await new Promise<void>((resolve, reject) => {
    const base = { delimiter, newline, quoteChar: '"', escapeChar: '"', header: false, dynamicTyping: false };
    let line = 0;
    if (!quoted) {
      const at = new PlainLocator();
      Papa.parse<string[]>(input as unknown as File, {
        ...base,
        fastMode: true,
        chunk: (results, parser) => {
          for (const fields of results.data) {
            line++;
            if (isBlank(fields)) continue;
            if (strayCr) trimStrayCr(fields);
            if (options.onRecord(fields, summary.records++, at.set(line, fields)) === false) {
              summary.stopped = true;
              parser.abort();
              return;
            }
          }
        },
        complete: () => resolve(),
        error: (err: Error) => reject(err),
      });
    } else {
      const at = new QuotedLocator(delimiter.charCodeAt(0));
      let begin = 0;
      line = 1;
      Papa.parse<string[]>(input as unknown as File, {
        ...base,
        fastMode: false,
        step: (results, parser) => {
          const fields = results.data;
          // Papa's cursor is the absolute offset where this record ends (after its line break).
          const end = results.meta.cursor;
          const raw = pending.slice(begin - pendingStart, end - pendingStart);
          const first = line;
          for (let i = raw.indexOf('\n'); i !== -1; i = raw.indexOf('\n', i + 1)) line++;
          begin = end;
          if (end - pendingStart > BLOCK) {
            pending = pending.slice(end - pendingStart);
            pendingStart = end;
          }
          if (isBlank(fields)) return;
          if (strayCr) trimStrayCr(fields);
          if (options.onRecord(fields, summary.records++, at.set(raw, first)) === false) {
            summary.stopped = true;
            parser.abort();
          }
        },
        complete: () => resolve(),
        error: (err: Error) => reject(err),
      });
    }
  });
  return summary;
}
