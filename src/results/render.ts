/**
 * Vega-Lite specs to SVG in Node, with Vega's expression interpreter (no eval) and no canvas
 * (text is measured by estimate). The Node bundles alias vega-canvas to its browser build, whose
 * canvas factory returns null outside a page.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { expressionInterpreter } from 'vega-interpreter';
import { vegaConfig, type PlotTheme } from '../plots/theme';

/** Width for specs sized to their container ('container' has no meaning outside a page). */
const REPORT_WIDTH = 640;

function fixedWidth(spec: TopLevelSpec): TopLevelSpec {
  return JSON.parse(JSON.stringify(spec), (key, value: unknown) =>
    key === 'width' && value === 'container' ? REPORT_WIDTH : value,
  ) as TopLevelSpec;
}

/** The Vega spec an exported plot is drawn from (as SVG here, as PNG by the panel). */
export function exportSpec(spec: TopLevelSpec, theme: PlotTheme): vega.Spec {
  return compile({ ...fixedWidth(spec), config: vegaConfig(theme) } as TopLevelSpec).spec;
}

export async function renderSvg(compiled: vega.Spec): Promise<string> {
  const view = new vega.View(vega.parse(compiled, undefined, { ast: true }), {
    renderer: 'none',
    // vega's typings do not describe the interpreter; it is the documented CSP-safe evaluator.
    expr: expressionInterpreter as never,
  });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
