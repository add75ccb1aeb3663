/**
 * All open panels, one per data file: opens them beside the file, restores them after a reload
 * (the webview keeps the data file's URI in its state), routes their messages to their session.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PanelToHost } from '../../protocol/panel';
import { resultsFolder, type FitManager } from '../fitManager';
import type { HelperProcess } from '../helperProcess';
import type { ChoiceStore } from '../settings';
import { DataPanel, PANEL_VIEW_TYPE, webviewOptions } from './dataPanel';
import { PanelSession } from './panelSession';

export class PanelRegistry implements vscode.Disposable, vscode.WebviewPanelSerializer {
  private readonly sessions = new Map<string, PanelSession>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: (line: string) => void,
    private readonly fits: FitManager,
    private readonly helper: HelperProcess,
    private readonly choices: ChoiceStore,
  ) {}

  /** Opens (or reveals) the panel for `dataUri` beside the active editor. */
  show(dataUri: vscode.Uri): DataPanel {
    const existing = this.sessions.get(dataUri.toString());
    if (existing) {
      existing.panel.reveal();
      return existing.panel;
    }
    const panel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      titleFor(dataUri),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      webviewOptions(this.extensionUri),
    );
    return this.adopt(panel, dataUri);
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const uri = (state as { dataUri?: unknown } | undefined)?.dataUri;
    if (typeof uri !== 'string') {
      panel.dispose();
      return;
    }
    this.adopt(panel, vscode.Uri.parse(uri));
  }

  get(dataUri: vscode.Uri): DataPanel | undefined {
    return this.sessions.get(dataUri.toString())?.panel;
  }

  private adopt(panel: vscode.WebviewPanel, dataUri: vscode.Uri): DataPanel {
    const key = dataUri.toString();
    // Messages go through the registry so the panel can exist before its session does.
    const dataPanel = new DataPanel(
      panel,
      dataUri,
      this.extensionUri,
      (m: PanelToHost) =>
        void this.sessions
          .get(key)
          ?.handle(m)
          .catch((err: unknown) => this.log(`panel request ${m.type} failed: ${String(err)}`)),
      this.log,
    );
    const session = new PanelSession(dataPanel, this.fits, this.helper, this.choices, this.log);
    this.sessions.set(key, session);
    dataPanel.onDidDispose(() => {
      session.dispose();
      this.sessions.delete(key);
    });
    return dataPanel;
  }

  /** Export Plots: SVG + report by the helper process, PNG by the (opened) panel. */
  async exportPlots(dataUri: vscode.Uri): Promise<{ report: string; files: number } | undefined> {
    try {
      await vscode.workspace.fs.stat(resultsFolder(dataUri));
    } catch {
      void vscode.window.showInformationMessage(
        `DMS Fit: nothing to export yet for ${path.basename(dataUri.fsPath)} (fit it first).`,
      );
      return undefined;
    }
    this.show(dataUri);
    const session = this.sessions.get(dataUri.toString())!;
    const { report, files } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'DMS Fit: exporting plots' },
      (bar) => {
        let shown = 0;
        return session.export((fraction, what) => {
          const increment = Math.max(0, 100 * fraction - shown);
          shown += increment;
          bar.report({ increment, message: what });
        });
      },
    );
    void vscode.window
      .showInformationMessage(`DMS Fit: exported ${files} plot files and report.html.`, 'Open Report')
      .then((action) => action && vscode.env.openExternal(vscode.Uri.file(report)));
    return { report, files };
  }

  dispose(): void {
    for (const s of [...this.sessions.values()]) s.panel.dispose();
    this.sessions.clear();
  }
}

function titleFor(uri: vscode.Uri): string {
  return `DMS Fit: ${path.basename(uri.fsPath)}`;
}
