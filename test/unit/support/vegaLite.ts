/** Compiling Vega-Lite specs in tests, with warnings treated as failures. */
import { before } from 'node:test';
import assert from 'node:assert/strict';
import type { TopLevelSpec } from 'vega-lite';

// vega-lite ships ES modules only; a native dynamic import keeps tsx's CommonJS transform away from
// its dependency graph (vega-canvas's Node build uses top-level await).
let compile: typeof import('vega-lite').compile;
before(async () => {
  ({ compile } = await import('vega-lite'));
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
