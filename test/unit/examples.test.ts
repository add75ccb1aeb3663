/** The bundled example is exactly what the simulator produces from the documented command. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { resolveSimulation, simulateTruth } from '../../src/core/simulate/simulate.ts';
import { writeSimulation } from '../../src/core/simulate/write.ts';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');

test('examples/three-backgrounds.* are reproducible from examples/README.md', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dmsfit-example-'));
  const truth = simulateTruth(
    resolveSimulation({
      seed: 42,
      sites: 40,
      conditions: ['B1', 'B2', 'B3'],
      nonIdenticalSites: 4,
      variantsPerCondition: 4000,
      replicates: 2,
    }),
  );
  await writeSimulation(truth, join(dir, 'three-backgrounds.csv'));
  for (const name of ['three-backgrounds.csv', 'three-backgrounds.truth.csv', 'three-backgrounds.truth.json'])
    assert.equal(readFileSync(join(dir, name), 'utf8'), readFileSync(join(EXAMPLES, name), 'utf8'), name);
});
