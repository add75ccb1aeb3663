/** A data file's results folder when a fit has written it; else says so and gives undefined. */
import * as vscode from 'vscode';
import { resultsFolder } from './fitManager';

export async function existingResults(file: vscode.Uri): Promise<vscode.Uri | undefined> {
  const folder = resultsFolder(file);
  try {
    await vscode.workspace.fs.stat(folder);
    return folder;
  } catch {
    void vscode.window.showInformationMessage(
      `DMS Fit: no results yet for ${vscode.workspace.asRelativePath(file)} (fit it first).`,
    );
    return undefined;
  }
}
