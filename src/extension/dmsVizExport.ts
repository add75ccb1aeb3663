/**
 * "Export for dms-viz…": the data file's fit as a dms-viz dataset (results/writeDmsViz.ts, as
 * `dmsfit dms-viz` writes it), after asking for the structure to draw on: an RCSB ID, or a .pdb
 * file picked from disk.
 */
import * as vscode from 'vscode';
import { UserError } from '../core/errors';
import { DMS_VIZ_DEFAULTS } from '../results/dmsViz';
import { PDB_ID, writeDmsViz } from '../results/writeDmsViz';
import { existingResults } from './existingResults';

const PICK_FILE = 'Choose a .pdb file…';

async function askStructure(): Promise<string | undefined> {
  const typed = await vscode.window.showInputBox({
    title: 'DMS Fit: structure for dms-viz',
    prompt: `An RCSB PDB ID (e.g. 7TL9), or leave empty to choose a .pdb file`,
    validateInput: (v) =>
      v.trim() === '' || PDB_ID.test(v.trim())
        ? undefined
        : 'a PDB ID is a digit and three letters or digits',
  });
  if (typed === undefined) return undefined;
  if (typed.trim()) return typed.trim();
  const [file] =
    (await vscode.window.showOpenDialog({
      title: PICK_FILE,
      canSelectMany: false,
      filters: { 'PDB structure': ['pdb'] },
    })) ?? [];
  return file?.fsPath;
}

/** Writes the dataset and returns its path; `given` skips the question (tests, keybindings). */
export async function exportDmsViz(
  file: vscode.Uri,
  given?: { structure?: string },
): Promise<string | undefined> {
  const folder = await existingResults(file);
  if (!folder) return undefined;
  const structure = given?.structure ?? (await askStructure());
  if (!structure) return undefined;
  try {
    const r = await writeDmsViz({ folder: folder.fsPath, structure, ...DMS_VIZ_DEFAULTS });
    const left = r.unidentified + r.bundles;
    const open = 'Show File';
    void vscode.window
      .showInformationMessage(
        `DMS Fit: dms-viz dataset of ${r.rows.toLocaleString('en-US')} rows written` +
          `${left ? ` (${left.toLocaleString('en-US')} left out: not identified by the data or tied bundles)` : ''}; ` +
          'upload it at dms-viz.github.io.',
        open,
      )
      .then((choice) =>
        choice === open
          ? vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(r.path))
          : undefined,
      );
    return r.path;
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    void vscode.window.showErrorMessage(`DMS Fit: ${err.message}`);
    return undefined;
  }
}
