/**
 * multidms's `scale_fusion_by_n` (model option scaleFusionByN): condition d's shift term weighted
 * by n_ref/n_d. On a simulation whose conditions have 2,500, 1,500 and 800 variants, the solution
 * meets the weighted KKT conditions, checked in natural coordinates through the unflipped design
 * and weights counted from the input text (an independent path); the solvers agree on it; and the
 * smaller conditions, whose shifts cost more, have fewer of them than without the weights.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitPath } from '../../../../src/core/fit/fitPath.ts';
import { nonzeroShifts } from '../../../../src/core/fit/predictions.ts';
import { DataFit } from '../../../../src/core/model/dataFit.ts';
import { buildFitData } from '../../../../src/core/model/fitData.ts';
import { buildModelParts } from '../../../../src/core/model/model.ts';
import { resolveModelOptions } from '../../../../src/core/model/options.ts';
import { toFitting } from '../../../../src/core/model/parameters.ts';
import { resolveSolverOptions, type SolverName } from '../../../../src/core/solve/options.ts';
import { resolveSimulation, simulateRows, simulateTruth } from '../../../../src/core/simulate/simulate.ts';
import { toCsvText } from '../../../../src/core/io/csvWriter.ts';
import { prepare } from '../../support/data.ts';

const KEEP: Record<string, number> = { a: 2500, b: 1500, c: 800 };
const LAMBDA = 2e-4;

const data = (async () => {
  const truth = simulateTruth(
    resolveSimulation({
      seed: 4,
      sites: 12,
      conditions: ['a', 'b', 'c'],
      nonIdenticalSites: 2,
      variantsPerCondition: 2500,
    }),
  );
  const seen: Record<string, number> = { a: 0, b: 0, c: 0 };
  const rows = [...simulateRows(truth)]
    .filter((r) => seen[r.condition]!++ < KEEP[r.condition]!)
    .map((r) => [r.condition, r.substitutions, r.score]);
  const text = toCsvText({ columns: ['condition', 'aa_substitutions', 'func_score'], rows });
  const counts = { a: 0, b: 0, c: 0 } as Record<string, number>;
  for (const line of text.trim().split('\n').slice(1)) counts[line.split(',')[0]!]!++;
  return { prepared: await prepare(text, { reference: 'a', alphabet: 'aa-stop' }), counts };
})();

async function fitWith(
  solver: SolverName,
  scaleFusionByN: boolean,
  tolerance: number,
  maxIterations = 200_000,
) {
  const { prepared } = await data;
  return fitPath({
    prepared,
    model: resolveModelOptions({ scaleFusionByN }),
    lasso: [LAMBDA],
    solver: resolveSolverOptions({ solver, tolerance, maxIterations, maxSeconds: 60 }),
  });
}

const objective = (p: Awaited<ReturnType<typeof fitWith>>) => p.fits[0]!.result.trajectory.at(-1)!.objective;

test('weighted KKT conditions hold at the solution: |∂f/∂β_d| ≤ λ·n_ref/n_d, equality where the shift is not zero', async () => {
  const { prepared, counts } = await data;
  assert.deepEqual(prepared.conditions, ['a', 'b', 'c']);
  const omega = prepared.conditions.map((c) => counts.a! / counts[c]!);
  const path = await fitWith('auto', true, 1e-10);
  assert.ok(path.fits[0]!.result.converged);
  const options = resolveModelOptions();
  const natural = buildFitData(prepared, { weights: 'none', bitFlip: false });
  const f = new DataFit(natural, buildModelParts(options, natural));
  const x = toFitting(path.fits[0]!.params, f.layout, natural);
  const g = new Float64Array(x.length);
  f.valueAndGradient(x, g);
  const { D, M } = f.layout;
  const tol = 1e-7;
  let active = 0;
  let betweenBounds = 0;
  for (let m = 0; m < M; m++) {
    let sum = 0;
    for (let d = 0; d < D; d++) {
      const gd = g[d * M + m]!;
      sum += gd;
      if (d === 0) continue;
      const bound = LAMBDA * omega[d]!;
      const shift = x[d * M + m]! - x[m]!;
      if (shift !== 0) {
        active++;
        assert.ok(
          Math.abs(gd + bound * Math.sign(shift)) < tol,
          `m ${m} d ${d}: ∂f/∂β ${gd}, shift ${shift}`,
        );
      } else {
        assert.ok(Math.abs(gd) <= bound + tol, `m ${m} d ${d}: |∂f/∂β| ${gd} > λω_d at a zero shift`);
        // Zero shifts that unweighted λ would have released: the weights are in force.
        if (Math.abs(gd) > LAMBDA + tol) betweenBounds++;
      }
    }
    assert.ok(Math.abs(sum) < tol, `m ${m}: Σ_d ∂f/∂β_d = ${sum}`);
  }
  assert.ok(active > 0, 'some shifts are non-zero');
  assert.ok(betweenBounds > 0, 'some zero shifts have λ < |∂f/∂β| ≤ λω_d');
});

test('with the weights, the solvers agree, and the smaller conditions have fewer non-zero shifts', async () => {
  const [auto, apg, baseline, unweighted] = await Promise.all([
    fitWith('auto', true, 1e-7),
    fitWith('apg', true, 1e-7),
    fitWith('multidms', true, 1e-7, 400),
    fitWith('auto', false, 1e-7),
  ]);
  assert.ok(auto.fits[0]!.result.converged && apg.fits[0]!.result.converged);
  const F = objective(auto);
  assert.ok(Math.abs(objective(apg) - F) <= 1e-6 * F, `apg ${objective(apg)} vs auto ${F}`);
  assert.ok(
    objective(baseline) >= F - 1e-9 && objective(baseline) <= 1.1 * F,
    `baseline ${objective(baseline)}`,
  );
  const { reference } = (await data).prepared;
  const weighted = nonzeroShifts(auto.fits[0]!.params, reference);
  const plain = nonzeroShifts(unweighted.fits[0]!.params, reference);
  assert.ok(weighted[1]! < plain[1]! && weighted[2]! < plain[2]!, `non-zero shifts ${weighted} vs ${plain}`);
});

test('scale_fusion_by_n is refused with the all-pairs penalty', () => {
  assert.throws(
    () => resolveModelOptions({ penalty: 'all-pairs', scaleFusionByN: true }),
    /reference penalty only/,
  );
});
