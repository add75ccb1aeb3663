/**
 * All open panels, one per data file: opens them beside the file, restores them after a reload
 * (the webview keeps the data file's URI in its state), and fills them with what the host knows.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { countDataRows } from '../../core/data/delimited';
import type { PanelToHost } from '../../protocol/panel';
import { DataPanel, PANEL_VIEW_TYPE, webviewOptions } from './dataPanel';

export class PanelRegistry implements vscode.Disposable, vscode.WebviewPanelSerializer {
  private readonly panels = new Map<string, DataPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: (line: string) => void,
  ) {}

  /** Opens (or reveals) the panel for `dataUri` beside the active editor. */
  show(dataUri: vscode.Uri): DataPanel {
    const existing = this.panels.get(dataUri.toString());
    if (existing) {
      existing.reveal();
      return existing;
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
    const uri =
      typeof (state as { dataUri?: unknown })?.dataUri === 'string'
        ? (state as { dataUri: string }).dataUri
        : undefined;
    if (!uri) {
      panel.dispose();
      return;
    }
    this.adopt(panel, vscode.Uri.parse(uri));
  }

  get(dataUri: vscode.Uri): DataPanel | undefined {
    return this.panels.get(dataUri.toString());
  }

  private adopt(panel: vscode.WebviewPanel, dataUri: vscode.Uri): DataPanel {
    const key = dataUri.toString();
    const dataPanel = new DataPanel(
      panel,
      dataUri,
      this.extensionUri,
      (m, from) => this.onMessage(m, from),
      this.log,
    );
    this.panels.set(key, dataPanel);
    dataPanel.onDidDispose(() => this.panels.delete(key));
    void this.sendDataset(dataPanel);
    return dataPanel;
  }

  private onMessage(message: PanelToHost, _from: DataPanel): void {
    switch (message.type) {
      case 'ready':
        return;
      default: {
        const never: never = message.type;
        throw new Error(`unhandled panel message ${String(never)}`);
      }
    }
  }

  private async sendDataset(panel: DataPanel): Promise<void> {
    const uri = panel.dataUri;
    const fileName = vscode.workspace.asRelativePath(uri, false);
    try {
      const rows = await countDataRows({ kind: 'file', path: uri.fsPath });
      panel.post({ type: 'dataset', dataset: { dataUri: uri.toString(), fileName, rows } });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      this.log(`Could not read ${fileName}: ${error}`);
      panel.post({ type: 'dataset', dataset: { dataUri: uri.toString(), fileName, rows: null, error } });
    }
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    this.panels.clear();
  }
}

function titleFor(uri: vscode.Uri): string {
  return `DMS Fit: ${path.basename(uri.fsPath)}`;
}
