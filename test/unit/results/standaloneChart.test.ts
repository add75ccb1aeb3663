/**
 * A plot's standalone page: the spec survives the page's script intact, and no text from the
 * workspace can end or open an element.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Spec } from 'vega';
import { standaloneChart, VEGA_RUNTIME, vegaRuntime } from '../../../src/results/standaloneChart.ts';

test('standalone chart: a hostile caption, title or condition name stays text, and the spec reads back the same', () => {
  const hostile = '</script><script>alert(1)</script><!-- \u2028';
  const spec = {
    $schema: 'x',
    data: [{ name: 'd', values: [{ condition: hostile }] }],
    title: hostile,
  } as Spec;
  const html = standaloneChart(`title ${hostile}`, `caption ${hostile}`, spec);
  // Only the page's own three script elements.
  assert.equal(html.match(/<script/g)!.length, 3);
  assert.equal(html.match(/<\/script>/g)!.length, 3);
  assert.ok(!html.includes('<!--'));
  const json = /<script id="spec" type="application\/json">(.*?)<\/script>/s.exec(html)![1]!;
  assert.deepEqual(JSON.parse(json), spec);
  assert.ok(html.includes(`<script src="${VEGA_RUNTIME}"></script>`));
});

test('standalone chart: the runtime is the installed Vega browser build, byte for byte', async () => {
  const installed = join(dirname(createRequire(import.meta.filename).resolve('vega')), 'vega.min.js');
  assert.equal(await vegaRuntime(), readFileSync(installed, 'utf8'));
});
