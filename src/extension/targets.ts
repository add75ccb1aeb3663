/**
 * Which data files a command applies to: the explorer selection (several files), the file that
 * was right-clicked, or else the active editor's file.
 */
import * as vscode from 'vscode';
import { resultsFolderHolding } from '../core/io/atomicDir';

const DATA_FILE = /\.(csv|tsv|tab)$/i;

export function isDataFile(uri: vscode.Uri): boolean {
  return uri.scheme === 'file' && DATA_FILE.test(uri.path);
}

/**
 * The data files to act on. Of a selection of several, files inside DMS Fit results folders are
 * left out, with a message: a Shift-click that ran over a results folder must not fit its CSVs
 * as data. A results file clicked or opened alone is taken: the user asked for that one.
 */
export function resolveTargetUris(clicked?: vscode.Uri, selected?: vscode.Uri[]): vscode.Uri[] {
  const fromMenu = selected && selected.length > 0 ? selected : clicked ? [clicked] : [];
  const candidates =
    fromMenu.length > 0
      ? fromMenu
      : vscode.window.activeTextEditor
        ? [vscode.window.activeTextEditor.document.uri]
        : [];
  const files = candidates.filter(isDataFile);
  if (files.length < 2) return files;
  const kept = files.filter((f) => resultsFolderHolding(f.fsPath) === undefined);
  if (kept.length < files.length)
    void vscode.window.showInformationMessage(
      `DMS Fit: left out ${files.length - kept.length} selected file(s) inside DMS Fit results folders; fitting ${kept.length}.`,
    );
  return kept;
}
