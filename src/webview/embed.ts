/**
 * Renders Vega-Lite specs in the panel under its strict CSP: Vega's expression interpreter
 * instead of eval, no style elements injected (vega-embed's and vega-tooltip's default styles
 * are off; panel.css styles the tooltip), SVG output so marks are real DOM elements.
 */
import embed, { type Result } from 'vega-embed';
import { expressionInterpreter } from 'vega-interpreter';
import type { TopLevelSpec } from 'vega-lite';
import { vegaConfig } from '../plots/theme';
import { currentTheme } from './theme';

const views = new Map<string, Result>();

/** Renders `spec` into `el`, replacing whatever plot `name` showed before. */
export async function show(name: string, el: HTMLElement, spec: TopLevelSpec): Promise<Result> {
  views.get(name)?.finalize();
  const result = await embed(el, { ...spec, config: vegaConfig(currentTheme()) } as TopLevelSpec, {
    actions: false,
    renderer: 'svg',
    ast: true,
    expr: expressionInterpreter,
    defaultStyle: false,
    tooltip: { disableDefaultStyle: true, theme: 'custom' },
  });
  views.set(name, result);
  return result;
}

export function forget(name: string): void {
  views.get(name)?.finalize();
  views.delete(name);
}

/** Every plot on screen as PNG (for export). */
export async function pngs(scale = 2): Promise<{ name: string; dataUrl: string }[]> {
  const out = [];
  for (const [name, result] of views) out.push({ name, dataUrl: await result.view.toImageURL('png', scale) });
  return out;
}
