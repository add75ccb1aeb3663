/**
 * One fitting panel, opened beside one data file. Owns the webview, its HTML shell and the
 * message traffic; knows nothing about fitting.
 */
import * as vscode from 'vscode';
import { parsePanelMessage, type HostToPanel, type PanelToHost } from '../../protocol/panel';
import { panelHtml } from './html';

export const PANEL_VIEW_TYPE = 'dmsfit.panel';

/** Webview options shared by new and restored panels: scripts on, files only from dist/webview. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
  };
}

export class DataPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly onDisposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.onDisposeEmitter.event;
  /** Messages sent before the webview said `ready` are queued, so none is lost on (re)load. */
  private ready = false;
  private queue: HostToPanel[] = [];
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly dataUri: vscode.Uri,
    extensionUri: vscode.Uri,
    private readonly onMessage: (message: PanelToHost) => void,
    private readonly log: (line: string) => void,
  ) {
    const webview = panel.webview;
    webview.options = webviewOptions(extensionUri);
    const asset = (name: string) =>
      webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', name)).toString();
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      scriptUri: asset('panel.js'),
      styleUri: asset('panel.css'),
      title: panel.title,
    });
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  private receive(raw: unknown): void {
    let message: PanelToHost;
    try {
      message = parsePanelMessage(raw);
    } catch (err) {
      this.log(String(err instanceof Error ? err.message : err));
      return;
    }
    if (message.type === 'ready') {
      this.ready = true;
      const pending = this.queue;
      this.queue = [];
      for (const m of pending) void this.panel.webview.postMessage(m);
    }
    this.onMessage(message);
  }

  /** Sends to the webview (queued until it is ready; dropped once the panel is closed). */
  post(message: HostToPanel): void {
    if (this.disposed) return;
    if (this.ready) void this.panel.webview.postMessage(message);
    else this.queue.push(message);
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.onDisposeEmitter.fire();
    this.onDisposeEmitter.dispose();
    this.panel.dispose();
  }
}
