/**
 * The panel's HTML shell. Everything the panel shows is rendered by its script from messages;
 * the shell carries no workspace data, so nothing here needs escaping except the title, which is.
 */
import { randomBytes } from 'node:crypto';
import { escapeHtml } from '../../results/escapeHtml';

export interface ShellOptions {
  /** `webview.cspSource`: the origin allowed for our own script, style and font files. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  title: string;
}

export function newNonce(): string {
  return randomBytes(18).toString('base64');
}

/**
 * Strict policy: nothing by default; scripts only with this page's nonce; styles, fonts and
 * images only from the extension's build output (and data: images for exported PNGs).
 * No 'unsafe-eval' — plots are rendered with Vega's expression interpreter.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data: blob:`,
  ].join('; ');
}

export function panelHtml(options: ShellOptions, nonce = newNonce()): string {
  const csp = contentSecurityPolicy(options.cspSource, nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(options.styleUri)}">
<title>${escapeHtml(options.title)}</title>
</head>
<body>
<main id="app" aria-live="polite"></main>
<script nonce="${nonce}" src="${escapeHtml(options.scriptUri)}"></script>
</body>
</html>`;
}
