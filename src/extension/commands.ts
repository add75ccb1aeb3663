/**
 * The commands of the palette and the context menus. Each accepts the clicked file and the
 * explorer selection (several files make one dataset), or uses the active editor's file.
 */
import * as vscode from 'vscode';
import type { DiagnosticsManager } from './diagnostics';
import type { FitManager, FitRequest } from './fitManager';
import type { PanelRegistry } from './panel/panelRegistry';
import { exportDmsViz } from './dmsVizExport';
import { existingResults } from './existingResults';
import { openExample } from './example';
import { parseLassoText } from '../core/fit/lassoText';
import { readSettings, type ChoiceStore } from './settings';
import { resolveTargetUris, selectedSiteNumberingMaps } from './targets';

function targetsOrWarn(uri?: vscode.Uri, selected?: vscode.Uri[]): vscode.Uri[] {
  const targets = resolveTargetUris(uri, selected);
  if (targets.length === 0)
    void vscode.window.showWarningMessage('DMS Fit: open or select a CSV/TSV data file first.');
  return targets;
}

/**
 * The site numbering map selected with the data, as a fit request's option. Of several, none
 * (which was meant is not clear), and the user is told; the fit then takes the setting's map or
 * the one beside the data, as when none is selected.
 */
function siteMapOf(uri?: vscode.Uri, selected?: vscode.Uri[]): Partial<FitRequest> {
  const maps = selectedSiteNumberingMaps(uri, selected);
  if (maps.length > 1)
    void vscode.window.showWarningMessage(
      `DMS Fit: ${maps.length} site numbering maps are selected; none is used for this fit. Select one with the data files, or set dmsfit.siteNumberingMap.`,
    );
  return maps.length === 1 ? { siteNumberingMap: maps[0]!.fsPath } : {};
}

async function askOptions(file: vscode.Uri): Promise<Partial<FitRequest> | undefined> {
  const s = readSettings(file);
  const lasso = await vscode.window.showInputBox({
    title: 'DMS Fit: lasso strengths on shifts',
    prompt:
      "One or more λ, comma-separated (several fit a path, largest first), or 'grid 10': ten λ from λ_max, where every shift is zero, down to λ_max/1000",
    value: s.lasso.join(', '),
    validateInput: (v) => {
      const choice = parseLassoText(v);
      return 'error' in choice ? choice.error : undefined;
    },
  });
  if (lasso === undefined) return undefined;
  const holdout = await vscode.window.showInputBox({
    title: 'DMS Fit: hold-out fraction for validation',
    prompt: "Fraction of each condition's variants held out (0 = none)",
    value: String(s.holdout),
    validateInput: (v) => (Number(v) >= 0 && Number(v) < 1 ? undefined : 'enter a number in [0, 1)'),
  });
  if (holdout === undefined) return undefined;
  const choice = parseLassoText(lasso);
  if ('error' in choice) return undefined;
  return { ...choice, holdout: Number(holdout) };
}

export function registerCommands(deps: {
  context: vscode.ExtensionContext;
  choices: ChoiceStore;
  fits: FitManager;
  panels: PanelRegistry;
  diagnostics: DiagnosticsManager;
}): vscode.Disposable[] {
  const { context, choices, fits, panels, diagnostics } = deps;
  return [
    vscode.commands.registerCommand('dmsfit.openExample', () => openExample(context, choices)),
    vscode.commands.registerCommand(
      'dmsfit.fitDataset',
      async (uri?: vscode.Uri, selected?: vscode.Uri[] | Partial<FitRequest>) => {
        // From the palette or the tests, the second argument may carry options instead of a selection.
        const options = selected && !Array.isArray(selected) ? selected : {};
        const selection = Array.isArray(selected) ? selected : undefined;
        const files = targetsOrWarn(uri, selection);
        if (files.length === 0) return undefined;
        panels.show(files[0]!);
        return fits.fit({ files, ...siteMapOf(uri, selection), ...options });
      },
    ),
    vscode.commands.registerCommand(
      'dmsfit.fitWithOptions',
      async (uri?: vscode.Uri, selected?: vscode.Uri[]) => {
        const files = targetsOrWarn(uri, selected);
        if (files.length === 0) return undefined;
        const options = await askOptions(files[0]!);
        if (!options) return undefined;
        panels.show(files[0]!);
        return fits.fit({ files, ...siteMapOf(uri, selected), ...options });
      },
    ),
    vscode.commands.registerCommand('dmsfit.cancelFit', async (uri?: vscode.Uri) => {
      const target = uri ? resolveTargetUris(uri)[0] : undefined;
      await fits.cancel(target);
    }),
    vscode.commands.registerCommand('dmsfit.showPanel', (uri?: vscode.Uri, selected?: vscode.Uri[]) => {
      const targets = targetsOrWarn(uri, selected);
      for (const target of targets) panels.show(target);
    }),
    vscode.commands.registerCommand('dmsfit.validateFile', async (uri?: vscode.Uri) => {
      const [file] = targetsOrWarn(uri);
      if (!file) return undefined;
      const doc = await vscode.workspace.openTextDocument(file);
      const result = await diagnostics.validate(doc);
      if (result) {
        const summary = `${result.rows.toLocaleString('en-US')} rows: ${result.errors} error(s), ${result.warnings} warning(s)`;
        void vscode.window.showInformationMessage(
          `DMS Fit: ${vscode.workspace.asRelativePath(file)}: ${summary}.`,
        );
      }
      return result;
    }),
    vscode.commands.registerCommand('dmsfit.openResultsFolder', async (uri?: vscode.Uri) => {
      const [file] = targetsOrWarn(uri);
      const folder = file && (await existingResults(file));
      if (folder) await vscode.commands.executeCommand('revealInExplorer', folder);
    }),
    vscode.commands.registerCommand('dmsfit.exportPlots', async (uri?: vscode.Uri) => {
      const [file] = targetsOrWarn(uri);
      return file ? panels.exportPlots(file) : undefined;
    }),
    vscode.commands.registerCommand(
      'dmsfit.exportDmsViz',
      async (uri?: vscode.Uri, given?: { structure?: string }) => {
        const [file] = targetsOrWarn(uri);
        return file ? exportDmsViz(file, given) : undefined;
      },
    ),
  ];
}
