/** Compiling Vega-Lite specs in tests, with warnings treated as failures. */
import { before } from 'node:test';
import assert from 'node:assert/strict';
import type { TopLevelSpec } from 'vega-lite';

// vega-lite ships ES modules only; a native dynamic import keeps tsx's CommonJS transform away from
// its dependency graph (vega-canvas's Node build uses top-level await).
let compile: typeof import('vega-lite').compile;
let vega: typeof import('vega');
before(async () => {
  ({ compile } = await import('vega-lite'));
  vega = await import('vega');
});

/** Compiles with Vega-Lite, collecting its warnings (a spec that warns is a defect). */
export function compiles(spec: TopLevelSpec): void {
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    error: (...a: unknown[]) => void warnings.push(a.join(' ')),
    warn: (...a: unknown[]) => void warnings.push(a.join(' ')),
    info: () => logger,
    debug: () => logger,
  };
  compile(spec, { logger: logger as never });
  assert.deepEqual(warnings, []);
}

/** Compiles and draws the spec headlessly as SVG; any error or warning Vega logs fails. */
export async function renders(spec: TopLevelSpec): Promise<void> {
  const problems: string[] = [];
  const logger = {
    level: () => logger,
    error: (...a: unknown[]) => void problems.push(a.join(' ')),
    // Headless there is no window to listen on for a brush's events; that is not a defect.
    warn: (...a: unknown[]) => {
      const text = a.join(' ');
      if (!text.startsWith('Can not resolve event source: window')) problems.push(text);
    },
    info: () => logger,
    debug: () => logger,
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none', logger: logger as never });
  await view.toSVG();
  view.finalize();
  assert.deepEqual(problems, []);
}
