/** The webview side of the host API: typed posting and persisted state. */
import type { PanelToHost } from '../protocol/panel';

interface VsCodeApi<S> {
  postMessage(message: PanelToHost): void;
  getState(): S | undefined;
  setState(state: S): void;
}

declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

let api: VsCodeApi<unknown> | undefined;

export function vscodeApi<S>(): VsCodeApi<S> {
  api ??= acquireVsCodeApi<unknown>();
  return api as VsCodeApi<S>;
}
