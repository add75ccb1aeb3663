/**
 * Cell positions in a quoted record: walks the record's raw text (quotes, doubled quotes and
 * line breaks inside quotes) to find where each field starts. It never decides values — Papa
 * Parse does — it only maps them back to the editor's line and column. Works on one record at
 * a time, so a quoted file streams in constant memory like an unquoted one.
 */
import type { CellRange, RecordLocator } from './delimited';

const QUOTE = 0x22;

export class QuotedLocator implements RecordLocator {
  line = 0;
  private text = '';
  /** Offsets of line starts within the record; computed only if a cell of a multi-line record is asked for. */
  private starts: number[] | undefined;

  constructor(private readonly delimiter: number) {}

  /** The record's raw text (its line break included) and the line it starts on. */
  set(text: string, line: number): this {
    this.text = text;
    this.line = line;
    this.starts = undefined;
    return this;
  }

  private at(offset: number): { line: number; col: number } {
    if (this.starts === undefined) {
      this.starts = [0];
      const t = this.text;
      // The record's own terminating line break does not start a line of this record.
      for (let i = t.indexOf('\n'); i !== -1 && i < t.length - 1; i = t.indexOf('\n', i + 1))
        this.starts.push(i + 1);
    }
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: this.line + lo, col: offset - this.starts[lo]! };
  }

  /** Offsets [from, to) of field `index` in the raw text, quotes included. */
  private rawSpan(index: number): [number, number] {
    const t = this.text;
    const end = t.length;
    let field = 0;
    let from = 0;
    let inQuotes = false;
    for (let i = 0; i < end; i++) {
      const c = t.charCodeAt(i);
      if (inQuotes) {
        if (c === QUOTE) {
          if (t.charCodeAt(i + 1) === QUOTE) i++;
          else inQuotes = false;
        }
      } else if (c === QUOTE) inQuotes = true;
      else if (c === this.delimiter || c === 10 || c === 13) {
        if (field === index) return [from, i];
        if (c !== this.delimiter) return [i, i];
        field++;
        from = i + 1;
      }
    }
    return field === index ? [from, end] : [end, end];
  }

  cell(index: number): CellRange {
    const [from, to] = this.rawSpan(index);
    const a = this.at(from);
    const b = this.at(to);
    return { line: a.line, start: a.col, end: b.line === a.line ? b.col : a.col };
  }

  span(index: number, from: number, to: number): CellRange {
    const [rawFrom, rawTo] = this.rawSpan(index);
    const t = this.text;
    // Walk the raw field, counting value characters: skip the opening quote, a doubled quote is one.
    const quoted = t.charCodeAt(rawFrom) === QUOTE;
    const first = quoted ? rawFrom + 1 : rawFrom;
    const rawOf = (valueOffset: number): number => {
      let v = 0;
      let r = first;
      while (v < valueOffset && r < rawTo) {
        r += quoted && t.charCodeAt(r) === QUOTE ? 2 : 1;
        v++;
      }
      return r;
    };
    const a = this.at(rawOf(from));
    const b = this.at(rawOf(to));
    return { line: a.line, start: a.col, end: b.line === a.line ? b.col : a.col };
  }

  whole(): CellRange {
    let e = this.text.indexOf('\n');
    if (e === -1) e = this.text.length;
    if (e > 0 && this.text.charCodeAt(e - 1) === 13) e--;
    return { line: this.line, start: 0, end: e };
  }
}
