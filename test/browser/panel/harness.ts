/**
 * Serves the panel's real HTML (the extension's exact CSP, nonce and assets) over HTTP on
 * 127.0.0.1, with a nonce'd stub of acquireVsCodeApi that records what the panel posts, keeps its
 * state across reloads, and records CSP violations. Tests replay host messages into the page.
 */
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { panelHtml } from '../../../src/extension/panel/html.ts';
import type { HostToPanel } from '../../../src/protocol/panel.ts';
import { REPO } from '../../support/codeServer.ts';
import { THEMES, themeCss, type ThemeName } from './themes.ts';

const STUB = (bodyClass: string) => `
window.__posted = [];
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
const stateKey = 'dmsfit-panel-state';
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.__posted.push(m),
  getState: () => JSON.parse(sessionStorage.getItem(stateKey) || 'null') || undefined,
  setState: (s) => sessionStorage.setItem(stateKey, JSON.stringify(s)),
});
document.addEventListener('DOMContentLoaded', () => document.body.classList.add(${JSON.stringify(bodyClass)}));
`;

export interface Harness {
  url(theme: ThemeName): string;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const assets = join(REPO, 'dist', 'webview');
  const server: Server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const theme = (u.searchParams.get('theme') ?? 'light') as ThemeName;
    if (u.pathname === '/') {
      const origin = `http://${req.headers.host}`;
      const html = panelHtml({
        cspSource: origin,
        scriptUri: `${origin}/panel.js`,
        styleUri: `${origin}/panel.css`,
        title: 'panel',
      });
      const nonce = /<script nonce="([^"]+)"/.exec(html)![1]!;
      const page = html
        .replace(
          '<link rel="stylesheet"',
          `<link rel="stylesheet" href="${origin}/theme.css?theme=${theme}">\n<link rel="stylesheet"`,
        )
        .replace(
          '<main id="app"',
          `<script nonce="${nonce}">${STUB(THEMES[theme].bodyClass)}</script>\n<main id="app"`,
        );
      res.writeHead(200, { 'content-type': 'text/html' }).end(page);
    } else if (u.pathname === '/theme.css')
      res.writeHead(200, { 'content-type': 'text/css' }).end(themeCss(theme));
    else if (u.pathname === '/panel.js' || u.pathname === '/panel.css') {
      const type = u.pathname.endsWith('.js') ? 'text/javascript' : 'text/css';
      res.writeHead(200, { 'content-type': type }).end(readFileSync(join(assets, u.pathname.slice(1))));
    } else if (u.pathname === '/favicon.ico') res.writeHead(204).end();
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: (theme) => `http://127.0.0.1:${port}/?theme=${theme}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export async function post(page: Page, message: HostToPanel): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), message as unknown as Record<string, unknown>);
}

export async function posted(page: Page): Promise<{ type: string }[]> {
  return page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted);
}

export async function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
}
