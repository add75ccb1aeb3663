/**
 * Problems found in input tables, each pinned to a cell: the same records feed the CLI
 * (`dmsfit validate`), the editor's Problems panel and the fitter's error events.
 */
import { safeMessage } from './safeText';

export type Severity = 'error' | 'warning' | 'info';

/** Every diagnostic code, with its severity and what it means (shown by `dmsfit validate --codes`). */
export const DIAGNOSTIC_CODES = {
  'unreadable-file': ['error', 'the path is missing, is a folder, or may not be read'],
  'empty-file': ['error', 'the file has no header line'],
  'text-encoding': ['error', 'the file is not UTF-8 text (UTF-16, UTF-32, or bytes of another encoding)'],
  'line-endings': ['error', 'lines end with CR alone, or line endings are mixed'],
  'no-data-rows': ['warning', 'the file has a header but no data rows'],
  'missing-column': ['error', 'a required column is absent from the header'],
  'duplicate-column': ['error', 'a column name appears twice in the header'],
  'field-count': ['error', 'a row has more or fewer fields than the header'],
  'condition-empty': ['error', 'the condition cell is empty'],
  'score-empty': ['error', 'the functional score is empty'],
  'score-not-numeric': ['error', 'the functional score is not a number'],
  'score-not-finite': ['error', 'the functional score is NaN or infinite'],
  'score-out-of-range': ['warning', 'the functional score is outside the typical range'],
  'variance-invalid': [
    'warning',
    'func_score_var is not a non-negative number (the row gets no weight information)',
  ],
  'token-malformed': ['error', 'a substitution is not of the form <wildtype><site><mutant>'],
  'letter-not-in-alphabet': ['error', 'a wildtype or mutant letter is not in the chosen alphabet'],
  synonymous: ['error', 'a substitution has the same wildtype and mutant letter'],
  'duplicate-site': ['error', 'a variant has two substitutions at one site'],
  'wildtype-conflict': [
    'error',
    'a site has a different wildtype letter than in other rows of its condition',
  ],
  'unknown-reference': ['error', 'the reference condition is not among the conditions of the data'],
  'nothing-to-fit': [
    'error',
    'the data give a fit nothing to learn (only wildtype variants, or one score everywhere)',
  ],
  'constant-scores': ['warning', 'every functional score of a condition is the same'],
  'one-condition': ['warning', 'the fit has one condition, so no shifts to estimate'],
  'name-spelling': ['warning', 'one condition or replicate is spelled with different edge spaces'],
  'similar-names': [
    'warning',
    'two conditions or replicates differ only by case, Unicode form, invisible or look-alike characters',
  ],
  'site-number-invalid': [
    'error',
    'a site numbering map row has a sequential_site that is not a whole number or a reference_site that is not a site',
  ],
  'site-number-duplicate': [
    'error',
    'a site numbering map lists one sequential_site or reference_site twice',
  ],
  'too-many-problems': ['info', 'further diagnostics of one code were omitted'],
} as const satisfies Record<string, readonly [Severity, string]>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** Errors about a whole file or the dataset: no row can be used, so they always stop a fit. */
export const DATASET_ERRORS: ReadonlySet<DiagnosticCode> = new Set([
  'unreadable-file',
  'empty-file',
  'text-encoding',
  'line-endings',
  'missing-column',
  'duplicate-column',
  'unknown-reference',
  'nothing-to-fit',
]);

export interface Diagnostic {
  /** Path of the file as given by the user. */
  file: string;
  /** 1-based line, as the editor shows it. */
  line: number;
  /** 0-based column range [start, end) on that line (UTF-16 units, as in the editor). */
  start: number;
  end: number;
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  /** Another line this problem refers to (e.g. the row a wildtype conflicts with). */
  relatedLine?: number;
}

/** Collects diagnostics, keeping at most `perCode` of each code per file (plus one note of how many more). */
export class DiagnosticSink {
  readonly items: Diagnostic[] = [];
  private readonly counts = new Map<string, number>();
  errors = 0;
  warnings = 0;

  constructor(private readonly perCode = 1000) {}

  add(d: Omit<Diagnostic, 'severity'> & { severity?: Severity }): void {
    const severity = d.severity ?? DIAGNOSTIC_CODES[d.code][0];
    if (severity === 'error') this.errors++;
    else if (severity === 'warning') this.warnings++;
    const key = `${d.file}\u0000${d.code}`;
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    // Messages quote the user's cells: no control character or huge token reaches a terminal.
    if (n <= this.perCode) this.items.push({ ...d, severity, message: safeMessage(d.message) });
  }

  /** Appends one `too-many-problems` note per (file, code) whose diagnostics were capped. */
  finish(): Diagnostic[] {
    for (const [key, n] of this.counts) {
      if (n <= this.perCode) continue;
      const [file, code] = key.split('\u0000') as [string, DiagnosticCode];
      this.items.push({
        file,
        line: 1,
        start: 0,
        end: 0,
        severity: 'info',
        code: 'too-many-problems',
        message: `${(n - this.perCode).toLocaleString('en-US')} more '${code}' diagnostics not shown (${n.toLocaleString('en-US')} in all)`,
      });
    }
    return this.items;
  }
}

/** `file:line:col: severity code: message`, the format compilers and editors understand. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.start + 1}: ${d.severity} ${d.code}: ${d.message}`;
}
