import * as vscode from 'vscode';
import type { DmsFitApi } from '../../../src/extension/extension';

export const EXTENSION_ID = 'dmsfit.dmsfit';

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('tests need a workspace folder');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** The extension's API, activating it if needed. */
export async function api(): Promise<DmsFitApi> {
  const ext = vscode.extensions.getExtension<DmsFitApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed`);
  return ext.activate();
}

/** Polls until `probe` returns a truthy value: the workbench updates asynchronously. */
export async function poll<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  ms = 20_000,
): Promise<T> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for: ${what}`);
}

/** Whether a process id still names a live process (signal 0 only checks). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}
