/**
 * Which data files a command applies to: the explorer selection (several files), the file that
 * was right-clicked, or else the active editor's file.
 */
import * as vscode from 'vscode';

const DATA_FILE = /\.(csv|tsv|tab)$/i;

export function isDataFile(uri: vscode.Uri): boolean {
  return uri.scheme === 'file' && DATA_FILE.test(uri.path);
}

export function resolveTargetUris(clicked?: vscode.Uri, selected?: vscode.Uri[]): vscode.Uri[] {
  const fromMenu = selected && selected.length > 0 ? selected : clicked ? [clicked] : [];
  const candidates =
    fromMenu.length > 0
      ? fromMenu
      : vscode.window.activeTextEditor
        ? [vscode.window.activeTextEditor.document.uri]
        : [];
  return candidates.filter(isDataFile);
}
