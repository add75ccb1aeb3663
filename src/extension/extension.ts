/**
 * Extension entry point: wires the output channel, the validator and fit managers (whose work
 * runs in fitter child processes), the panels and the commands. Thin by design — numerics live
 * in src/core. Everything is disposed through context.subscriptions, child processes included.
 */
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { DiagnosticsManager } from './diagnostics';
import { FitManager } from './fitManager';
import { PANEL_VIEW_TYPE } from './panel/dataPanel';
import { PanelRegistry } from './panel/panelRegistry';
import { ChoiceStore } from './settings';
import { HelperProcess } from './helperProcess';

export interface DmsFitApi {
  /** Exposed for the extension's own integration tests. */
  readonly panels: PanelRegistry;
  readonly fits: FitManager;
  readonly diagnostics: DiagnosticsManager;
  readonly helper: HelperProcess;
  /** The last lines written to the output channel, oldest first (a failing test prints them). */
  recentLog(): string[];
}

/** Lines of the output channel kept in memory for recentLog. */
const RECENT_LINES = 200;

export function activate(context: vscode.ExtensionContext): DmsFitApi {
  const output = vscode.window.createOutputChannel('DMS Fit', { log: true });
  const recent: string[] = [];
  const remember = (line: string) => {
    recent.push(`${new Date().toISOString()} ${line}`);
    if (recent.length > RECENT_LINES) recent.shift();
  };
  const log = (line: string) => {
    remember(line);
    output.info(line);
  };
  const fitterScript = context.asAbsolutePath('dist/fitter.js');
  const helper = new HelperProcess(fitterScript, (line) => {
    remember(line);
    output.warn(line);
  });
  const diagnostics = new DiagnosticsManager(helper, log);
  const choices = new ChoiceStore(context.workspaceState);
  const fits = new FitManager(fitterScript, helper, choices, output);
  const panels = new PanelRegistry(context.extensionUri, log, fits, helper, choices);
  context.subscriptions.push(
    output,
    helper,
    diagnostics,
    fits,
    panels,
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, panels),
    ...registerCommands({ context, choices, fits, panels, diagnostics }),
  );
  log(`DMS Fit activated (trusted workspace: ${vscode.workspace.isTrusted})`);
  return { panels, fits, diagnostics, helper, recentLog: () => [...recent] };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
