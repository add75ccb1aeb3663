/**
 * The variants of a dataset as columns of typed arrays: what every later step reads.
 * Substitutions are stored as packed mutation keys (see sites.ts), in input order, so the
 * original text can be rebuilt exactly (modulo whitespace) without keeping the strings.
 */
import type { Alphabet } from './alphabet';
import { Growable, StringColumn } from './growable';
import { KeyIndex } from './keyIndex';
import { mutationMut, mutationSite, mutationWt, siteLabel } from './sites';

export interface VariantTable {
  alphabet: Alphabet;
  /** Input files as given. */
  files: string[];
  /** Condition names in first-seen order; `condition[i]` indexes this. */
  conditionNames: string[];
  /** Replicate labels in first-seen order ('' = none given); `replicate[i]` indexes this. */
  replicateNames: string[];
  rows: number;
  condition: Uint16Array;
  replicate: Uint16Array;
  score: Float64Array;
  /** func_score_var, NaN where absent or invalid. */
  scoreVar: Float64Array;
  /** Where each row came from: index into `files` and 1-based line. */
  file: Uint16Array;
  line: Uint32Array;
  /** Row i's substitutions are ids tokens[tokenPtr[i] .. tokenPtr[i+1]) into `keys`, in input order. */
  tokenPtr: Uint32Array;
  tokens: Uint32Array;
  /** Mutation key of each token id (shared with preparation, which may add keys). */
  keys: KeyIndex;
  /** Other columns of the inputs, carried through to outputs ('' where a file lacks them). */
  extras: { name: string; values: StringColumn }[];
}

/** A substitution key as text, e.g. `M1E`, `K184aG`, `Q506-`. */
export function mutationName(abc: Alphabet, key: number): string {
  return abc.letters[mutationWt(key)]! + siteLabel(mutationSite(key)) + abc.letters[mutationMut(key)]!;
}

/** Space-joined substitutions of token ids ids[from..to). */
export function substitutionsText(
  abc: Alphabet,
  keys: KeyIndex,
  ids: ArrayLike<number>,
  from = 0,
  to = ids.length,
): string {
  let s = '';
  for (let k = from; k < to; k++) s += (k > from ? ' ' : '') + mutationName(abc, keys.key(ids[k]!));
  return s;
}

function intern(names: string[], index: Map<string, number>, name: string): number {
  let i = index.get(name);
  if (i === undefined) {
    i = names.length;
    if (i >= 65535) throw new Error('more than 65,535 distinct conditions or replicates');
    names.push(name);
    index.set(name, i);
  }
  return i;
}

export class VariantTableBuilder {
  readonly files: string[] = [];
  readonly conditionNames: string[] = [];
  readonly replicateNames: string[] = [];
  private readonly conditionIndex = new Map<string, number>();
  private readonly replicateIndex = new Map<string, number>();
  private readonly condition = new Growable(Uint16Array);
  private readonly replicate = new Growable(Uint16Array);
  private readonly score = new Growable(Float64Array);
  private readonly scoreVar = new Growable(Float64Array);
  private readonly file = new Growable(Uint16Array);
  private readonly line = new Growable(Uint32Array);
  private readonly tokenPtr = new Growable(Uint32Array);
  private readonly tokens = new Growable(Uint32Array, 4096);
  readonly keys = new KeyIndex();
  private readonly extraIndex = new Map<string, StringColumn>();
  private rows = 0;

  constructor(readonly alphabet: Alphabet) {
    this.tokenPtr.push(0);
  }

  addFile(path: string): number {
    this.files.push(path);
    return this.files.length - 1;
  }

  conditionId(name: string): number {
    return intern(this.conditionNames, this.conditionIndex, name);
  }

  replicateId(name: string): number {
    return intern(this.replicateNames, this.replicateIndex, name);
  }

  /** The column for an extra field, created (back-filled with '') on first use. */
  extraColumn(name: string): StringColumn {
    let col = this.extraIndex.get(name);
    if (!col) {
      col = new StringColumn();
      for (let i = 0; i < this.rows; i++) col.push('');
      this.extraIndex.set(name, col);
    }
    return col;
  }

  /** Appends one row; `keys` are its substitution keys. Extra columns must be pushed by the caller. */
  addRow(
    condition: number,
    replicate: number,
    score: number,
    scoreVar: number,
    file: number,
    line: number,
    keys: ArrayLike<number>,
    keyCount: number,
  ): void {
    this.condition.push(condition);
    this.replicate.push(replicate);
    this.score.push(score);
    this.scoreVar.push(scoreVar);
    this.file.push(file);
    this.line.push(line);
    for (let k = 0; k < keyCount; k++) this.tokens.push(this.keys.id(keys[k]!));
    this.tokenPtr.push(this.tokens.length);
    this.rows++;
  }

  /** Pads extra columns a file did not have, so every column has one value per row. */
  padExtras(): void {
    for (const col of this.extraIndex.values()) while (col.length < this.rows) col.push('');
  }

  build(): VariantTable {
    this.padExtras();
    return {
      alphabet: this.alphabet,
      files: this.files,
      conditionNames: this.conditionNames,
      replicateNames: this.replicateNames,
      rows: this.rows,
      condition: this.condition.take(),
      replicate: this.replicate.take(),
      score: this.score.take(),
      scoreVar: this.scoreVar.take(),
      file: this.file.take(),
      line: this.line.take(),
      tokenPtr: this.tokenPtr.take(),
      tokens: this.tokens.take(),
      keys: this.keys,
      extras: [...this.extraIndex].map(([name, values]) => ({ name, values })),
    };
  }
}

/** The rows for which `keep` is true, as a table of their own (sharing the key index). */
export function subsetTable(t: VariantTable, keep: (row: number) => boolean): VariantTable {
  const rows: number[] = [];
  for (let i = 0; i < t.rows; i++) if (keep(i)) rows.push(i);
  const pick = <T extends Float64Array | Uint32Array | Uint16Array>(a: T, make: (n: number) => T): T => {
    const out = make(rows.length);
    rows.forEach((r, k) => (out[k] = a[r]!));
    return out;
  };
  const tokenPtr = new Uint32Array(rows.length + 1);
  rows.forEach((r, k) => (tokenPtr[k + 1] = tokenPtr[k]! + t.tokenPtr[r + 1]! - t.tokenPtr[r]!));
  const tokens = new Uint32Array(tokenPtr[rows.length]!);
  rows.forEach((r, k) => tokens.set(t.tokens.subarray(t.tokenPtr[r]!, t.tokenPtr[r + 1]!), tokenPtr[k]!));
  const extras = t.extras.map((e) => {
    const values = new StringColumn();
    for (const r of rows) values.push(e.values.get(r));
    return { name: e.name, values };
  });
  return {
    ...t,
    rows: rows.length,
    condition: pick(t.condition, (n) => new Uint16Array(n)),
    replicate: pick(t.replicate, (n) => new Uint16Array(n)),
    score: pick(t.score, (n) => new Float64Array(n)),
    scoreVar: pick(t.scoreVar, (n) => new Float64Array(n)),
    file: pick(t.file, (n) => new Uint16Array(n)),
    line: pick(t.line, (n) => new Uint32Array(n)),
    tokenPtr,
    tokens,
    extras,
  };
}
