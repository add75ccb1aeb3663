/**
 * Tied columns (mutations seen in exactly the same variants in every condition) are fitted as
 * one: the merged problem has the same objective at the expanded point, and its optimum,
 * expanded, is the optimum of the full problem (solved here without merging, to the same end).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataFit } from '../../../../src/core/model/dataFit.ts';
import { buildFitData } from '../../../../src/core/model/fitData.ts';
import { buildModelParts } from '../../../../src/core/model/model.ts';
import { resolveModelOptions } from '../../../../src/core/model/options.ts';
import { expandTied, tieColumns, tiedRidgeWeights } from '../../../../src/core/model/tiedColumns.ts';
import { Problem } from '../../../../src/core/solve/problem.ts';
import { coldStartReference } from '../../../../src/core/solve/run.ts';
import { resolveSolverOptions } from '../../../../src/core/solve/options.ts';
import { solve } from '../../../../src/core/solve/solve.ts';
import { initialParameters } from '../../../../src/core/model/model.ts';
import { Random } from '../../../../src/core/random.ts';
import { mutations, prepare } from '../../support/data.ts';

/** Two conditions; K3A and L4C always together (a tied pair), N5D and P6E in one variant each. */
function table(): string {
  const r = new Random(2);
  const rows = ['condition,aa_substitutions,func_score'];
  for (const c of ['a', 'b'])
    for (let k = 0; k < 60; k++) {
      const subs = [
        ['', 'M1A', 'M1C'][k % 3],
        ['', 'G2P'][Math.floor(k / 3) % 2],
        k % 5 === 0 ? 'K3A L4C' : '',
      ]
        .filter(Boolean)
        .join(' ');
      rows.push(`${c},${subs},${(-0.5 * (k % 3) - (k % 5 === 0 ? 1.5 : 0) + 0.1 * r.normal()).toFixed(4)}`);
    }
  rows.push('a,N5D P6E M1A,-2.2', 'b,N5D P6E M1C,-1.9');
  return rows.join('\n') + '\n';
}

test('tied columns: found exactly, merged with ridge weight 1/k, and the merged optimum is the full one', async () => {
  const p = await prepare(table(), { reference: 'a' });
  const names = mutations(p);
  const lasso = 1e-3;
  const options = resolveModelOptions({ ridgeBeta: 1e-3 });
  const fit = buildFitData(p, { weights: 'none', bitFlip: true });
  const tied = tieColumns(fit);
  assert.ok(tied.merged);
  const col = (m: string) => tied.column[names.indexOf(m)]!;
  assert.equal(col('K3A'), col('L4C'));
  assert.equal(col('N5D'), col('P6E'));
  assert.notEqual(col('K3A'), col('N5D'));
  assert.equal(tied.fit.M, names.length - 2);
  assert.deepEqual(tiedRidgeWeights(tied)![col('K3A')], 0.5);
  const parts = buildModelParts(options, fit);
  const fullFit = new DataFit(fit, parts);
  const merged = new DataFit(tied.fit, { ...parts, ridgeWeight: tiedRidgeWeights(tied)! });
  const noLocks = { index: new Int32Array(0), value: new Float64Array(0) };
  const solveOn = async (f: DataFit) => {
    const problem = new Problem(f, lasso, options.penalty, noLocks);
    const cold = initialParameters(options, parts, f.layout);
    const r = await solve(
      problem,
      cold,
      resolveSolverOptions({ tolerance: 1e-10 }),
      coldStartReference(problem, cold),
    );
    return { problem, r };
  };
  const a = await solveOn(merged);
  const b = await solveOn(fullFit);
  const dense = merged.layout.D + merged.layout.T;
  const expanded = expandTied(tied, a.r.x, fit.M, dense);
  // Same objective at the expanded point as the merged problem's at its own.
  const Fm = a.problem.objective(a.r.x);
  const Fx = b.problem.objective(expanded);
  assert.ok(Math.abs(Fm - Fx) <= 1e-12 * Math.max(1, Math.abs(Fx)), `${Fm} vs ${Fx}`);
  // The full problem's own optimum is that point: objectives and every parameter agree.
  const Fb = b.problem.objective(b.r.x);
  assert.ok(Math.abs(Fx - Fb) <= 1e-9, `merged ${Fx}, full ${Fb}`);
  for (let k = 0; k < expanded.length; k++)
    assert.ok(Math.abs(expanded[k]! - b.r.x[k]!) < 1e-4, `coordinate ${k}: ${expanded[k]} vs ${b.r.x[k]}`);
  // Tied members are equal: the pair splits its sum.
  const M = fit.M;
  for (let d = 0; d < 2; d++)
    assert.equal(expanded[d * M + names.indexOf('K3A')], expanded[d * M + names.indexOf('L4C')]);
});
