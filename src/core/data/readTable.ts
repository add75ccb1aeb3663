/**
 * Reads DMS tables (one or several files) into a VariantTable, validating every cell on the
 * way. Each problem becomes a Diagnostic at its exact cell; rows with errors are left out of
 * the table (and listed in `rejected`), rows with only warnings are kept.
 */
import type { Alphabet } from './alphabet';
import { resolveColumns, type ColumnNames, type ResolvedColumns } from './columns';
import type { CellRange, RecordLocator } from './delimited';
import { readCheckedDelimited } from './checkedRead';
import { parseDecimal } from './decimal';
import { DiagnosticSink, type DiagnosticCode } from './diagnostics';
import { labelsFromFileName } from './fileLabels';
import { mutationKey, siteLabel } from './sites';
import type { StringColumn } from './growable';
import { scanSubstitutions, TokenScratch, type SubstitutionProblem } from './substitutions';
import { VariantTableBuilder } from './variantTable';
import { NameSpellings } from './nameSpellings';
import { WildtypeRegistry } from './wildtypeRegistry';
import { ConditionTally } from './fitReadiness';

export interface TableInput {
  /** Path of the file (read from disk unless `text` is given; also names it in diagnostics). */
  path: string;
  /** The file's current text, e.g. an editor buffer with unsaved changes. */
  text?: string;
  /** Condition of every row, for a file without a condition column (default: from the file name). */
  condition?: string;
  /** Replicate of every row, for a file without a replicate column (default: from the file name). */
  replicate?: string;
}

export interface TableReadOptions {
  columns: ColumnNames;
  alphabet: Alphabet;
  /** Accept sites with an insertion letter (`184a`). */
  letterSuffixedSites: boolean;
  /** Scores outside this range get a warning. */
  typicalScoreRange: readonly [number, number];
  /** Store accepted rows in the table (validation alone does not need them). */
  keepRows: boolean;
  /** Whether the score column is required (not for tables to be scored by a model). Default true. */
  scoreRequired?: boolean;
  /** Keep the other columns for the outputs (costs memory; validation does not need them). */
  keepExtras: boolean;
  /** At most this many diagnostics of one code per file are listed. */
  maxDiagnosticsPerCode?: number;
}

/** A row left out because of an error, for the dropped-variants report. */
export interface RejectedRow {
  file: number;
  line: number;
  condition: string;
  substitutions: string;
  code: DiagnosticCode;
}

const NON_FINITE = /^\s*[+-]?(?:nan|inf|infinity)\s*$/i;

/** String.trim without the call when nothing needs trimming (the common case). */
function trim(s: string): string {
  const n = s.length;
  return n > 0 && (s.charCodeAt(0) <= 32 || s.charCodeAt(n - 1) <= 32) ? s.trim() : s;
}

/**
 * A name column's cells → ids, with a one-entry cache on the raw cell (consecutive rows nearly
 * always share it). A cell not seen just before has its spelling recorded (nameSpellings.ts).
 */
class NameCells {
  private raw: string | undefined;
  private id = -1;
  constructor(
    private readonly lookup: (name: string) => number,
    private readonly spellings: NameSpellings,
    private readonly file: string,
  ) {}
  /** The id of cell `raw`, whose name (trimmed) is `name`, in field `column` of the record at `at`. */
  get(raw: string, name: string, at: RecordLocator, column: number): number {
    if (raw !== this.raw) {
      this.raw = raw;
      this.id = this.lookup(name);
      this.spellings.see(raw, name, this.file, at.cell(column));
    }
    return this.id;
  }
}

/** Everything the reader keeps across files: the table being built and the shared checks. */
export class TableReader {
  readonly builder: VariantTableBuilder;
  readonly sink: DiagnosticSink;
  readonly rejected: RejectedRow[] = [];
  readonly wildtypes = new WildtypeRegistry();
  readonly scratch = new TokenScratch();
  readonly conditionSpellings = new NameSpellings('condition');
  readonly tally = new ConditionTally();
  readonly replicateSpellings = new NameSpellings('replicate');

  constructor(readonly options: TableReadOptions) {
    this.builder = new VariantTableBuilder(options.alphabet);
    this.sink = new DiagnosticSink(options.maxDiagnosticsPerCode ?? 1000);
  }

  /** Reads one file; returns its number of data rows (accepted or not). */
  async read(input: TableInput): Promise<number> {
    const ctx = new FileContext(this, input);
    const source =
      input.text !== undefined
        ? { kind: 'text' as const, text: input.text, name: input.path }
        : { kind: 'file' as const, path: input.path };
    // A file that is not text the reader can split is not read as a table (it would only give a
    // field-count error per line): one diagnostic says what it is.
    const read = await readCheckedDelimited(
      source,
      (fields, index, at) => (index === 0 ? ctx.header(fields, at) : ctx.row(fields, at)),
      this.sink,
    );
    if (!read) return 0;
    ctx.finish();
    return ctx.dataRows;
  }
}

/** Reading state of one file. Methods, not per-row closures: the row path allocates nothing. */
class FileContext {
  private readonly fileIndex: number;
  private readonly file: string;
  private cols: ResolvedColumns | undefined;
  private width = 0;
  private fixedCondition = -1;
  private fixedReplicate = 0;
  private extras: { index: number; values: StringColumn }[] = [];
  private headerSeen = false;
  private usable = false;
  dataRows = 0;
  // Per-row state.
  private firstError: DiagnosticCode | undefined;
  private at!: RecordLocator;
  private keys = new Float64Array(64);
  private readonly conditions: NameCells;
  private readonly replicates: NameCells;
  private readonly onSubstitutionProblem = (p: SubstitutionProblem): void => {
    this.error(p.code, this.at.span(this.cols!.substitutions, p.start, p.end), p.message);
  };

  constructor(
    private readonly reader: TableReader,
    private readonly input: TableInput,
  ) {
    this.fileIndex = reader.builder.addFile(input.path);
    this.file = input.path;
    this.conditions = new NameCells(
      (n) => reader.builder.conditionId(n),
      reader.conditionSpellings,
      this.file,
    );
    this.replicates = new NameCells(
      (n) => reader.builder.replicateId(n),
      reader.replicateSpellings,
      this.file,
    );
  }

  header(fields: string[], at: RecordLocator): boolean {
    this.headerSeen = true;
    const o = this.reader.options;
    const sink = this.reader.sink;
    const builder = this.reader.builder;
    const { cols, duplicates } = resolveColumns(fields, o.columns);
    this.width = fields.length;
    for (const i of duplicates) {
      const message = `column '${fields[i]!.trim()}' appears twice`;
      sink.add({ file: this.file, ...at.cell(i), code: 'duplicate-column', message });
    }
    const required: [number, string][] = [[cols.substitutions, o.columns.substitutions]];
    if (o.scoreRequired !== false) required.push([cols.score, o.columns.score]);
    for (const [index, name] of required) {
      if (index >= 0) continue;
      const header = fields.map((f) => f.trim()).join(', ');
      const message = `required column '${name}' is missing (header: ${header})`;
      sink.add({ file: this.file, ...at.whole(), code: 'missing-column', message });
    }
    if (cols.substitutions < 0 || (cols.score < 0 && o.scoreRequired !== false) || duplicates.length > 0)
      return false;
    this.cols = cols;
    this.usable = true;
    const fromName = labelsFromFileName(this.input.path);
    // Names from the manifest or the file's name are checked against the cells' names too.
    const wholeFile = { line: 1, start: 0, end: 0 };
    if (cols.condition < 0) {
      const name = this.input.condition ?? fromName.condition;
      this.fixedCondition = builder.conditionId(name);
      this.reader.conditionSpellings.see(name, name, this.file, wholeFile);
    }
    if (cols.replicate < 0) {
      const name = this.input.replicate ?? fromName.replicate ?? '';
      this.fixedReplicate = builder.replicateId(name);
      if (name !== '') this.reader.replicateSpellings.see(name, name, this.file, wholeFile);
    }
    if (o.keepExtras)
      this.extras = cols.extra.map((e) => ({ index: e.index, values: builder.extraColumn(e.name) }));
    return true;
  }

  private error(code: DiagnosticCode, range: CellRange, message: string, relatedLine?: number): void {
    const d = { file: this.file, ...range, code, message };
    this.reader.sink.add(relatedLine === undefined ? d : { ...d, relatedLine });
    this.firstError ??= code;
  }

  private warn(code: DiagnosticCode, range: CellRange, message: string): void {
    this.reader.sink.add({ file: this.file, ...range, code, message });
  }

  private reject(fields: string[], line: number, code: DiagnosticCode): void {
    const c = this.cols!;
    const builder = this.reader.builder;
    this.reader.rejected.push({
      file: this.fileIndex,
      line,
      condition:
        c.condition >= 0 ? (fields[c.condition] ?? '') : builder.conditionNames[this.fixedCondition]!,
      substitutions: fields[c.substitutions] ?? '',
      code,
    });
  }

  row(fields: string[], at: RecordLocator): void {
    this.dataRows++;
    const c = this.cols!;
    const o = this.reader.options;
    const builder = this.reader.builder;
    const line = at.line;
    this.at = at;
    this.firstError = undefined;
    if (fields.length !== this.width) {
      const message = `expected ${this.width} fields as in the header, found ${fields.length}`;
      this.error('field-count', at.whole(), message);
      this.reject(fields, line, 'field-count');
      return;
    }

    let condition = this.fixedCondition;
    if (c.condition >= 0) {
      const raw = fields[c.condition]!;
      const name = trim(raw);
      if (name === '') this.error('condition-empty', at.cell(c.condition), 'the condition is empty');
      else condition = this.conditions.get(raw, name, at, c.condition);
    }

    const score = c.score >= 0 ? this.parseScore(fields[c.score]!, c.score) : NaN;
    let scoreVar = NaN;
    if (c.scoreVar >= 0) {
      const v = fields[c.scoreVar]!;
      const value = parseDecimal(v);
      if (value >= 0 && value < Infinity) scoreVar = value;
      else if (v.trim() !== '') {
        const message = `${o.columns.scoreVar} '${v.trim()}' is not a non-negative number`;
        this.warn('variance-invalid', at.cell(c.scoreVar), message);
      }
    }

    const scratch = this.reader.scratch;
    scanSubstitutions(
      fields[c.substitutions]!,
      o.alphabet,
      o.letterSuffixedSites,
      scratch,
      this.onSubstitutionProblem,
    );
    if (scratch.count > this.keys.length) this.keys = new Float64Array(scratch.count * 2);
    for (let k = 0; k < scratch.count; k++) {
      const site = scratch.site[k]!;
      const wt = scratch.wt[k]!;
      if (condition >= 0) this.checkWildtype(condition, site, wt, line, k);
      this.keys[k] = mutationKey(site, wt, scratch.mut[k]!);
    }

    if (this.firstError !== undefined || condition < 0) {
      this.reject(fields, line, this.firstError ?? 'condition-empty');
      return;
    }
    // Replicate names are collected even when validating, so a collection can be planned from them.
    let replicate = this.fixedReplicate;
    if (c.replicate >= 0) {
      const raw = fields[c.replicate]!;
      replicate = this.replicates.get(raw, trim(raw), at, c.replicate);
    }
    this.reader.tally.add(condition, score, scratch.count);
    if (!o.keepRows) return;
    builder.addRow(condition, replicate, score, scoreVar, this.fileIndex, line, this.keys, scratch.count);
    for (const e of this.extras) e.values.push(fields[e.index]!);
  }

  private parseScore(raw: string, column: number): number {
    const o = this.reader.options;
    const name = o.columns.score;
    const score = parseDecimal(raw);
    if (Number.isFinite(score)) {
      const [lo, hi] = o.typicalScoreRange;
      if (score < lo || score > hi) {
        const message = `${name} ${raw.trim()} is outside the typical range [${lo}, ${hi}]`;
        this.warn('score-out-of-range', this.at.cell(column), message);
      }
      return score;
    }
    if (trim(raw) === '') this.error('score-empty', this.at.cell(column), `${name} is empty`);
    else if (NON_FINITE.test(raw))
      this.error('score-not-finite', this.at.cell(column), `${name} is '${raw.trim()}'`);
    else if (!Number.isNaN(score)) {
      const message = `${name} '${raw.trim()}' is beyond the largest double (it would be read as infinity)`;
      this.error('score-not-finite', this.at.cell(column), message);
    } else this.error('score-not-numeric', this.at.cell(column), `${name} '${raw.trim()}' is not a number`);
    return NaN;
  }

  private checkWildtype(condition: number, site: number, wt: number, line: number, k: number): void {
    const reader = this.reader;
    const clash = reader.wildtypes.check(condition, site, wt, this.fileIndex, line);
    if (clash < 0) return;
    const abc = reader.options.alphabet;
    const before = reader.wildtypes.describe(clash, reader.builder.files, abc);
    const scratch = reader.scratch;
    const where = before.file === this.file ? `line ${before.line}` : `${before.file} line ${before.line}`;
    const conditionName = reader.builder.conditionNames[condition];
    this.error(
      'wildtype-conflict',
      this.at.span(this.cols!.substitutions, scratch.start[k]!, scratch.end[k]!),
      `wildtype at site ${siteLabel(site)} is '${abc.letters[wt]}' here but '${before.letter}' at ${where} (condition '${conditionName}')`,
      before.file === this.file ? before.line : undefined,
    );
  }

  finish(): void {
    this.reader.builder.padExtras();
    const sink = this.reader.sink;
    if (!this.headerSeen) {
      sink.add({
        file: this.file,
        line: 1,
        start: 0,
        end: 0,
        code: 'empty-file',
        message: 'the file is empty',
      });
    } else if (this.usable && this.dataRows === 0) {
      const message = 'the file has a header but no data rows';
      sink.add({ file: this.file, line: 1, start: 0, end: 0, code: 'no-data-rows', message });
    }
  }
}
