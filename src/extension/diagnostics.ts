/**
 * Live diagnostics on DMS tables: CSV/TSV documents whose header names the substitutions and
 * score columns (or that match `dmsfit.validateFiles`) are validated on open, on change
 * (debounced) and on save by the validator process; problems go to the Problems panel with the
 * exact cell range. One quick fix, where the fix is certain: a row with exactly one extra, empty
 * field at the end has a trailing delimiter to remove.
 */
import * as vscode from 'vscode';
import type { Diagnostic } from '../core/data/diagnostics';
import { sniffDelimiter } from '../core/data/delimited';
import { readSettings } from './settings';
import { isDataFile } from './targets';
import type { HelperProcess, Validated } from './helperProcess';

const DEBOUNCE_MS = 400;
const SOURCE = 'DMS Fit';

function toVscode(d: Diagnostic, uri: vscode.Uri): vscode.Diagnostic {
  const range = new vscode.Range(d.line - 1, d.start, d.line - 1, Math.max(d.end, d.start));
  const severity =
    d.severity === 'error'
      ? vscode.DiagnosticSeverity.Error
      : d.severity === 'warning'
        ? vscode.DiagnosticSeverity.Warning
        : vscode.DiagnosticSeverity.Information;
  const out = new vscode.Diagnostic(range, d.message, severity);
  out.source = SOURCE;
  out.code = d.code;
  if (d.relatedLine !== undefined) {
    out.relatedInformation = [
      new vscode.DiagnosticRelatedInformation(
        new vscode.Location(uri, new vscode.Range(d.relatedLine - 1, 0, d.relatedLine - 1, 0)),
        'the other row',
      ),
    ];
  }
  return out;
}

export class DiagnosticsManager implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('dmsfit');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Latest request per document: older answers are dropped. */
  private readonly latest = new Map<string, number>();
  private seq = 0;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly validator: HelperProcess,
    private readonly log: (line: string) => void,
  ) {
    this.disposables.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DEBOUNCE_MS)),
      vscode.workspace.onDidSaveTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.collection.delete(d.uri);
        this.latest.delete(d.uri.toString());
      }),
      vscode.languages.registerCodeActionsProvider(
        [{ language: 'csv' }, { language: 'tsv' }],
        { provideCodeActions: (doc, _range, ctx) => trailingDelimiterFixes(doc, ctx.diagnostics) },
        { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
      ),
    );
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  /** Whether a document is a DMS table worth validating automatically. */
  private wanted(doc: vscode.TextDocument): boolean {
    if (!isDataFile(doc.uri)) return false;
    const s = readSettings(doc.uri);
    if (!s.autoValidate) return false;
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    const listed = s.validateFiles.some(
      (g) => vscode.languages.match({ pattern: folder ? new vscode.RelativePattern(folder, g) : g }, doc) > 0,
    );
    if (listed) return true;
    const header = doc.lineCount > 0 ? doc.lineAt(0).text : '';
    const fields = header
      .split(sniffDelimiter(doc.uri.fsPath, header))
      .map((f) => f.trim().replace(/^"|"$/g, ''));
    return fields.includes(s.data.columns.substitutions) && fields.includes(s.data.columns.score);
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (!this.wanted(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.validate(doc).catch((err: unknown) =>
          this.log(`validation of ${doc.uri.fsPath} failed: ${String(err)}`),
        );
      }, delay),
    );
  }

  /** Validates a document's current text and publishes its diagnostics. */
  async validate(doc: vscode.TextDocument): Promise<Validated | undefined> {
    const key = doc.uri.toString();
    const request = ++this.seq;
    this.latest.set(key, request);
    const s = readSettings(doc.uri);
    const t0 = performance.now();
    const result = await this.validator.validate([{ path: doc.uri.fsPath, text: doc.getText() }], s.data);
    if (this.latest.get(key) !== request) return undefined;
    this.collection.set(
      doc.uri,
      result.diagnostics.map((d) => toVscode(d, doc.uri)),
    );
    this.log(
      `validated ${vscode.workspace.asRelativePath(doc.uri)}: ${result.rows} rows, ${result.errors} error(s), ${result.warnings} warning(s) in ${Math.round(performance.now() - t0)} ms`,
    );
    return result;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** "Remove the trailing delimiter" for rows with exactly one extra, empty last field. */
export function trailingDelimiterFixes(
  doc: vscode.TextDocument,
  diagnostics: readonly vscode.Diagnostic[],
): vscode.CodeAction[] {
  const fixes: vscode.CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== SOURCE || d.code !== 'field-count') continue;
    const m = /expected (\d+) fields .* found (\d+)/.exec(d.message);
    if (!m || Number(m[2]) !== Number(m[1]) + 1) continue;
    const line = doc.lineAt(d.range.start.line);
    const delimiter = sniffDelimiter(doc.uri.fsPath, doc.lineAt(0).text);
    if (!line.text.endsWith(delimiter)) continue;
    const fix = new vscode.CodeAction('Remove the trailing delimiter', vscode.CodeActionKind.QuickFix);
    fix.edit = new vscode.WorkspaceEdit();
    fix.edit.delete(doc.uri, new vscode.Range(line.range.end.translate(0, -1), line.range.end));
    fix.diagnostics = [d];
    fix.isPreferred = true;
    fixes.push(fix);
  }
  return fixes;
}
