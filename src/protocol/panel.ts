/**
 * Messages between the extension host and the fitting panel (webview).
 *
 * Host → panel messages come from our own code and are trusted; panel → host messages cross
 * the webview sandbox and are parsed with `parsePanelMessage` before use. The webview imports
 * only the types (`import type`), so zod never ships into its bundle (zod's JIT needs eval,
 * which the panel's CSP forbids).
 */
import { z } from 'zod';

/** What the panel shows about the data file it was opened for. */
export interface DatasetInfo {
  /** The data file's URI, kept in the webview state so a reloaded panel finds its file. */
  dataUri: string;
  /** Workspace-relative path (display only). */
  fileName: string;
  /** Data rows (header and blank lines excluded); null while counting or if unreadable. */
  rows: number | null;
  /** Why the file could not be read, if it could not. */
  error?: string;
}

export type HostToPanel = { type: 'dataset'; dataset: DatasetInfo };

const panelToHost = z.discriminatedUnion('type', [z.strictObject({ type: z.literal('ready') })]);

export type PanelToHost = z.infer<typeof panelToHost>;

/** Parses an untrusted message from the webview; throws with a readable reason if malformed. */
export function parsePanelMessage(raw: unknown): PanelToHost {
  const result = panelToHost.safeParse(raw);
  if (!result.success) {
    throw new Error(`Malformed message from the panel: ${z.prettifyError(result.error)}`);
  }
  return result.data;
}
