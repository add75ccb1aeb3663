/**
 * Renders Vega-Lite specs in the panel under its strict CSP: Vega's expression interpreter
 * instead of eval, no style elements injected (vega-embed's and vega-tooltip's default styles
 * are off; panel.css styles the tooltip).
 */
import { parse, View, type Spec } from 'vega';
import embed, { type Result } from 'vega-embed';
import { expressionInterpreter } from 'vega-interpreter';
import type { TopLevelSpec } from 'vega-lite';
import { vegaConfig } from '../plots/theme';
import { currentTheme } from './theme';

const views = new Map<string, Result>();

/**
 * Renders `spec` into `el`, replacing whatever plot `name` showed before. SVG by default (marks
 * are DOM elements tests can find); canvas for plots of thousands of points, which it paints
 * several times faster.
 */
export async function show(
  name: string,
  el: HTMLElement,
  spec: TopLevelSpec,
  renderer: 'svg' | 'canvas' = 'svg',
): Promise<Result> {
  views.get(name)?.finalize();
  const result = await embed(el, { ...spec, config: vegaConfig(currentTheme()) } as TopLevelSpec, {
    actions: false,
    renderer,
    ast: true,
    expr: expressionInterpreter,
    defaultStyle: false,
    tooltip: { disableDefaultStyle: true, theme: 'custom' },
  });
  views.set(name, result);
  return result;
}

/**
 * Draws each exported plot's Vega spec as PNG on an off-screen canvas, so the PNGs are exactly
 * the report's plots whatever the panel currently shows. One at a time: each view is freed
 * before the next is built.
 */
export async function pngs(
  plots: { name: string; spec: Spec }[],
  scale = 2,
): Promise<{ name: string; dataUrl: string }[]> {
  const out = [];
  for (const { name, spec } of plots) {
    const view = new View(parse(spec, undefined, { ast: true }), {
      renderer: 'none',
      // vega's typings do not describe the interpreter; it is the documented CSP-safe evaluator.
      expr: expressionInterpreter as never,
    });
    try {
      out.push({ name, dataUrl: await view.toImageURL('png', scale) });
    } catch (err) {
      console.warn(`DMS Fit panel: could not draw ${name} as PNG: ${String(err)}`);
    } finally {
      view.finalize();
    }
  }
  return out;
}
