/**
 * Which data files a command applies to: the explorer selection (several files), the file that
 * was right-clicked, or else the active editor's file.
 */
import * as vscode from 'vscode';
import { resultsFolderHolding } from '../core/io/atomicDir';
import { isSiteNumberingMapPath } from '../core/io/siteNumberingFile';

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
  const files = candidatesOf(clicked, selected).filter(
    (f) => isDataFile(f) && !isSiteNumberingMapPath(f.fsPath),
  );
  if (files.length < 2) return files;
  const kept = files.filter((f) => resultsFolderHolding(f.fsPath) === undefined);
  if (kept.length < files.length)
    void vscode.window.showInformationMessage(
      `DMS Fit: left out ${files.length - kept.length} selected file(s) inside DMS Fit results folders; fitting ${kept.length}.`,
    );
  return kept;
}

/** What a command was given: the selection, else the clicked file, else the active editor's. */
function candidatesOf(clicked?: vscode.Uri, selected?: vscode.Uri[]): vscode.Uri[] {
  const fromMenu = selected && selected.length > 0 ? selected : clicked ? [clicked] : [];
  if (fromMenu.length > 0) return fromMenu;
  return vscode.window.activeTextEditor ? [vscode.window.activeTextEditor.document.uri] : [];
}

/** The site numbering maps selected with the data files (they number sites; they are not data). */
export function selectedSiteNumberingMaps(clicked?: vscode.Uri, selected?: vscode.Uri[]): vscode.Uri[] {
  return candidatesOf(clicked, selected).filter(
    (f) => f.scheme === 'file' && isSiteNumberingMapPath(f.fsPath),
  );
}
