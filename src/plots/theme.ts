/**
 * Colours and fonts of the plots. The panel fills a PlotTheme from VS Code's CSS variables, so
 * plots follow light, dark and high-contrast themes; the HTML report uses LIGHT_THEME.
 */
import type { Config } from 'vega-lite';

export interface PlotTheme {
  foreground: string;
  /** The colour the plots sit on (the editor's background in the panel). */
  background: string;
  muted: string;
  grid: string;
  font: string;
  fontSize: number;
}

export const LIGHT_THEME: PlotTheme = {
  foreground: '#1f1f1f',
  background: '#ffffff',
  muted: '#616161',
  grid: '#e5e5e5',
  font: 'system-ui, -apple-system, "Segoe UI", sans-serif',
  fontSize: 12,
};

/** multidms's (polyclonal's) condition palette; cycled beyond five conditions. */
export const CONDITION_COLORS = [
  '#0072B2',
  '#CC79A7',
  '#009E73',
  '#17BECF',
  '#BCDB22',
  '#E69F00',
  '#56B4E9',
  '#D55E00',
];

export function conditionColor(index: number): string {
  return CONDITION_COLORS[index % CONDITION_COLORS.length]!;
}

/**
 * The diverging range of effect heatmaps, at −e, −e/2, 0, e/2, e: ColorBrewer RdBu's ends
 * around the theme's background, so that zero is the background in light, dark and
 * high-contrast themes alike.
 */
export function divergingRange(background: string): string[] {
  return ['#b2182b', '#ef8a62', background, '#67a9cf', '#2166ac'];
}

/** Mark style drawn in the theme's foreground colour (a fixed black would vanish in dark themes). */
export const INK = 'ink';

export function vegaConfig(t: PlotTheme): Config {
  const text = { labelColor: t.muted, titleColor: t.foreground, labelFont: t.font, titleFont: t.font };
  return {
    background: 'transparent',
    font: t.font,
    axis: {
      ...text,
      gridColor: t.grid,
      domainColor: t.muted,
      tickColor: t.muted,
      labelFontSize: t.fontSize - 1,
      titleFontSize: t.fontSize,
    },
    legend: {
      ...text,
      labelFontSize: t.fontSize - 1,
      titleFontSize: t.fontSize,
      // Symbols of legends without a colour scale (shape, dash) in the theme's colour, not black.
      symbolFillColor: t.muted,
      symbolStrokeColor: t.muted,
    },
    header: {
      labelColor: t.foreground,
      titleColor: t.foreground,
      labelFont: t.font,
      titleFont: t.font,
      labelFontSize: t.fontSize,
    },
    title: {
      color: t.foreground,
      font: t.font,
      fontSize: t.fontSize + 1,
      anchor: 'start',
      subtitleColor: t.muted,
      subtitleFont: t.font,
      subtitleFontSize: t.fontSize - 1,
    },
    view: { stroke: t.grid },
    range: { diverging: divergingRange(t.background) },
    text: { color: t.foreground, font: t.font },
    // Vega-Lite resolves a style's `color` like the mark's own colour (stroke or fill as the mark needs).
    style: { [INK]: { color: t.foreground } },
  };
}
