/**
 * "DMS Fit: Open Example Dataset": copies the bundled simulated example (and its known truth)
 * into the workspace folder — or, without one, into the extension's storage — and opens it, with
 * its reference condition remembered so that Fit Dataset runs without a question. Files already
 * there are opened as they are, never overwritten.
 */
import * as vscode from 'vscode';
import type { ChoiceStore } from './settings';

const FILES = ['three-backgrounds.csv', 'three-backgrounds.truth.csv', 'three-backgrounds.truth.json'];
const REFERENCE = 'B1';

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

export async function openExample(
  context: vscode.ExtensionContext,
  choices: ChoiceStore,
): Promise<vscode.Uri> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? context.globalStorageUri;
  const target = vscode.Uri.joinPath(folder, 'dmsfit-example');
  await vscode.workspace.fs.createDirectory(target);
  for (const name of FILES) {
    const to = vscode.Uri.joinPath(target, name);
    if (!(await exists(to)))
      await vscode.workspace.fs.copy(vscode.Uri.joinPath(context.extensionUri, 'examples', name), to);
  }
  const data = vscode.Uri.joinPath(target, FILES[0]!);
  if (!choices.get(data).reference) await choices.set(data, { reference: REFERENCE });
  await vscode.window.showTextDocument(data, { preview: false });
  if (!vscode.workspace.workspaceFolders?.length)
    void vscode.window.showInformationMessage(
      `DMS Fit: the example is in ${target.fsPath} (no folder is open; results will be written there).`,
    );
  return data;
}
