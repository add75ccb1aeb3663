/**
 * Extension entry point: wires commands, the panel registry and the output channel.
 * Thin by design — numerics live in src/core and run in the fitter process.
 */
import * as vscode from 'vscode';
import { PanelRegistry } from './panel/panelRegistry';
import { PANEL_VIEW_TYPE } from './panel/dataPanel';
import { resolveTargetUris } from './targets';

export interface DmsFitApi {
  /** The panel registry (exposed for the extension's own integration tests). */
  readonly panels: PanelRegistry;
}

export function activate(context: vscode.ExtensionContext): DmsFitApi {
  const output = vscode.window.createOutputChannel('DMS Fit', { log: true });
  const log = (line: string) => output.info(line);
  const panels = new PanelRegistry(context.extensionUri, log);

  context.subscriptions.push(
    output,
    panels,
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, panels),
    vscode.commands.registerCommand('dmsfit.showPanel', (uri?: vscode.Uri, selected?: vscode.Uri[]) => {
      const targets = resolveTargetUris(uri, selected);
      if (targets.length === 0) {
        void vscode.window.showWarningMessage('DMS Fit: open or select a CSV/TSV data file first.');
        return;
      }
      for (const target of targets) panels.show(target);
    }),
  );
  log('DMS Fit activated');
  return { panels };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
