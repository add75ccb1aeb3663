/** A few of VS Code's theme variables, enough to see the panel in light, dark and high-contrast themes. */
export const THEMES = {
  light: {
    bodyClass: 'vscode-light',
    vars: {
      '--vscode-foreground': '#3b3b3b',
      '--vscode-descriptionForeground': '#717171',
      '--vscode-editor-background': '#ffffff',
      '--vscode-editorWidget-border': '#c8c8c8',
      '--vscode-panel-border': '#e5e5e5',
      '--vscode-textLink-foreground': '#005fb8',
      '--vscode-errorForeground': '#f85149',
      '--vscode-font-family': 'system-ui, sans-serif',
      '--vscode-font-size': '13px',
      '--vscode-button-background': '#005fb8',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-editorHoverWidget-background': '#f8f8f8',
      '--vscode-list-hoverBackground': '#f2f2f2',
      '--vscode-list-activeSelectionBackground': '#e8e8e8',
      '--vscode-list-activeSelectionForeground': '#000000',
      '--vscode-focusBorder': '#005fb8',
    },
  },
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      '--vscode-foreground': '#cccccc',
      '--vscode-descriptionForeground': '#9d9d9d',
      '--vscode-editor-background': '#1f1f1f',
      '--vscode-editorWidget-border': '#454545',
      '--vscode-panel-border': '#2b2b2b',
      '--vscode-textLink-foreground': '#4daafc',
      '--vscode-errorForeground': '#f85149',
      '--vscode-font-family': 'system-ui, sans-serif',
      '--vscode-font-size': '13px',
      '--vscode-button-background': '#0078d4',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-editorHoverWidget-background': '#202020',
      '--vscode-list-hoverBackground': '#2a2d2e',
      '--vscode-list-activeSelectionBackground': '#04395e',
      '--vscode-list-activeSelectionForeground': '#ffffff',
      '--vscode-focusBorder': '#0078d4',
    },
  },
  'high-contrast': {
    bodyClass: 'vscode-high-contrast',
    vars: {
      '--vscode-foreground': '#ffffff',
      '--vscode-descriptionForeground': '#ffffff',
      '--vscode-editor-background': '#000000',
      '--vscode-editorWidget-border': '#6fc3df',
      '--vscode-panel-border': '#6fc3df',
      '--vscode-contrastBorder': '#6fc3df',
      '--vscode-textLink-foreground': '#21a6ff',
      '--vscode-errorForeground': '#f48771',
      '--vscode-font-family': 'system-ui, sans-serif',
      '--vscode-font-size': '13px',
      '--vscode-button-background': '#000000',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-editorHoverWidget-background': '#0c141f',
      '--vscode-contrastActiveBorder': '#f38518',
      '--vscode-focusBorder': '#f38518',
    },
  },
} as const;

export type ThemeName = keyof typeof THEMES;

export function themeCss(name: ThemeName): string {
  const vars = Object.entries(THEMES[name].vars)
    .map(([k, v]) => `  ${k}: ${v};`)
    .join('\n');
  return `:root {\n${vars}\n}\n`;
}
