/**
 * Plot colours from VS Code's theme: the webview body carries the theme's CSS variables and a
 * vscode-light / vscode-dark / vscode-high-contrast class that changes when the user switches.
 */
import { LIGHT_THEME, type PlotTheme } from '../plots/theme';

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

export function currentTheme(): PlotTheme {
  return {
    foreground: cssVar('--vscode-foreground', LIGHT_THEME.foreground),
    background: cssVar('--vscode-editor-background', LIGHT_THEME.background),
    muted: cssVar('--vscode-descriptionForeground', LIGHT_THEME.muted),
    grid: cssVar('--vscode-editorWidget-border', LIGHT_THEME.grid),
    font: cssVar('--vscode-font-family', LIGHT_THEME.font),
    fontSize:
      Number.parseFloat(cssVar('--vscode-font-size', String(LIGHT_THEME.fontSize))) || LIGHT_THEME.fontSize,
  };
}

/** Calls `redraw` when the user switches the colour theme. */
export function onThemeChange(redraw: () => void): void {
  new MutationObserver(redraw).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
