/**
 * Names that a person reads as one but the data spell differently. Edge whitespace is trimmed,
 * so ' B' and 'B ' are one condition: a warning says they were merged. Names that differ only
 * by case, by Unicode form, by invisible characters or by look-alike letters from another
 * script ('Delta' and 'delta'; 'BA.2' with a Cyrillic 'А') stay apart: a warning says they are
 * fitted as different conditions. Each warning points at the cell where the second spelling
 * first appears.
 */
import type { CellRange } from './delimited';
import type { Diagnostic } from './diagnostics';

type Finding = Omit<Diagnostic, 'severity'>;

/** Cyrillic and Greek letters drawn like Latin ones, and dashes drawn like '-'. */
const LOOKALIKES: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  І: 'I',
  Ј: 'J',
  Ѕ: 'S',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
  ο: 'o',
  ν: 'v',
  '‐': '-',
  '‑': '-',
  '‒': '-',
  '–': '-',
  '—': '-',
  '−': '-',
});
const INVISIBLE = /[\u00AD\u200B-\u200F\u2060\uFEFF]/g;

/** What a name looks like to a reader: Unicode-normalised, invisible characters gone, look-alikes and case folded. */
export function nameSkeleton(name: string): string {
  let out = '';
  for (const ch of name.normalize('NFKC').replace(INVISIBLE, '')) out += LOOKALIKES[ch] ?? ch;
  return out.toLowerCase();
}

function howTheyDiffer(a: string, b: string): string {
  if (a.toLowerCase() === b.toLowerCase()) return 'only by case';
  if (a.normalize('NFKC') === b.normalize('NFKC')) return 'only by Unicode form';
  if (a.replace(INVISIBLE, '') === b.replace(INVISIBLE, '')) return 'only by invisible characters';
  return 'only by look-alike letters from another script or case';
}

interface Seen {
  file: string;
  range: CellRange;
}

const where = (earlier: Seen, here: Seen) =>
  `line ${earlier.range.line}${earlier.file !== here.file ? ` of ${earlier.file}` : ''}`;
/** The editor links a related line only within the same file. */
const related = (earlier: Seen, here: Seen) =>
  earlier.file === here.file ? { relatedLine: earlier.range.line } : {};

/** The spellings of one kind of name (condition or replicate) as the reader meets them. */
export class NameSpellings {
  /** Raw cell text → where it first appears, per trimmed name. */
  private readonly spellings = new Map<string, Map<string, Seen>>();

  constructor(private readonly kind: 'condition' | 'replicate') {}

  /** A cell `raw` read as the name `name` (raw trimmed). Cheap when the spelling is known. */
  see(raw: string, name: string, file: string, range: CellRange): void {
    let forName = this.spellings.get(name);
    if (!forName) this.spellings.set(name, (forName = new Map()));
    if (!forName.has(raw)) forName.set(raw, { file, range });
  }

  findings(): Finding[] {
    const out: Finding[] = [];
    const firstSeen = new Map<string, Seen>();
    for (const [name, forName] of this.spellings) {
      const all = [...forName];
      firstSeen.set(name, all[0]![1]);
      if (all.length < 2) continue;
      const [first, firstAt] = all[0]!;
      for (const [raw, at] of all.slice(1))
        out.push({
          file: at.file,
          ...at.range,
          code: 'name-spelling',
          message: `${this.kind} ${JSON.stringify(raw)} is read as '${name}', like ${JSON.stringify(first)} at ${where(firstAt, at)}: edge spaces are ignored`,
          ...related(firstAt, at),
        });
    }
    const bySkeleton = new Map<string, string>();
    for (const [name, at] of firstSeen) {
      const skeleton = nameSkeleton(name);
      const other = bySkeleton.get(skeleton);
      if (other === undefined) {
        bySkeleton.set(skeleton, name);
        continue;
      }
      const otherAt = firstSeen.get(other)!;
      out.push({
        file: at.file,
        ...at.range,
        code: 'similar-names',
        message: `${this.kind} '${name}' differs from '${other}' (at ${where(otherAt, at)}) ${howTheyDiffer(name, other)}: they are fitted as two ${this.kind}s; if they are one, spell them alike`,
        ...related(otherAt, at),
      });
    }
    return out;
  }
}
