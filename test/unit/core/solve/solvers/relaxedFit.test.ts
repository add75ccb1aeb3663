/**
 * The relaxed refit (relaxedFit.ts, relaxedRefit.ts): on the lasso's support, without its
 * penalty. Checked against what defines it, not against its own solver:
 *  - the support: every zero shift stays exactly zero, every non-zero one non-zero;
 *  - a minimum on that support: f rises along random directions of the support's tangent space
 *    (each condition tied to the reference moving with it), at steps far above rounding;
 *  - stationarity there: the tangent gradient, summed over each tied group, vanishes;
 *  - what it is for: on simulated data with a known truth, the shifts of the true support are
 *    no longer shrunk (slope of fitted on true 0.9–1.1, where the lasso's is below 0.7) and
 *    closer to the truth;
 *  - through the CLI: `--relax` writes the columns and fit.json's record.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mutationName } from '../../../../../src/core/data/variantTable.ts';
import { fitPath } from '../../../../../src/core/fit/fitPath.ts';
import { resolveModelOptions } from '../../../../../src/core/model/options.ts';
import { shifts } from '../../../../../src/core/model/parameters.ts';
import { resolveSolverOptions } from '../../../../../src/core/solve/options.ts';
import { Random } from '../../../../../src/core/random.ts';
import { truthBeta } from '../../../../../src/core/simulate/simulate.ts';
import { fitFolder, readCsv } from '../../../../../src/results/readResults.ts';
import { TOP_FIT } from '../../../../../src/core/io/resultsLayout.ts';
import { simulatedPrepared } from '../../../support/sim.ts';
import { simulatedCli } from '../../../support/simulatedCli.ts';

async function relaxedOnSimulation(seed: number) {
  const { prepared, truth } = await simulatedPrepared({
    seed,
    sites: 30,
    conditions: ['h1', 'h2', 'h3'],
    variantsPerCondition: 3000,
  });
  const path = await fitPath({
    prepared,
    model: resolveModelOptions(),
    lasso: [1e-4],
    solver: resolveSolverOptions({}),
    relax: true,
  });
  return { prepared, truth, path, fit: path.fits[0]! };
}

test('the relaxed refit keeps the lasso’s support and is a stationary minimum on it', async () => {
  const { path, fit, prepared } = await relaxedOnSimulation(1);
  const relaxed = fit.relaxed!;
  assert.ok(fit.result.converged && relaxed.result.converged, JSON.stringify(relaxed.result));
  const R = prepared.reference;
  const lassoShift = shifts(fit.params, R);
  const relaxedShift = shifts(relaxed.params, R);
  let nonzero = 0;
  lassoShift.forEach((s, d) =>
    s.forEach((v, m) => {
      if (v !== 0) nonzero++;
      assert.equal(
        relaxedShift[d]![m] === 0,
        v === 0,
        `shift ${d},${m}: lasso ${v}, relaxed ${relaxedShift[d]![m]}`,
      );
    }),
  );
  assert.ok(nonzero > 20, `${nonzero} non-zero shifts to refit`);

  // Without the bit flips (none in the design's reference coordinates for non-bundle columns),
  // a tangent direction moves a tied condition's β with the reference's.
  const df = path.dataFit;
  const { D, M, sign } = df.fit;
  const L = df.layout;
  const x = relaxed.x;
  const tied = (d: number, m: number) => d !== R && lassoShift[d]![m] === 0;
  const f = (at: Float64Array) => df.value(at);
  const f0 = f(x);
  const random = new Random(3);
  for (let trial = 0; trial < 8; trial++) {
    const v = new Float64Array(x.length);
    for (let m = 0; m < M; m++) {
      const ref = random.normal();
      v[R * M + m] = ref;
      for (let d = 0; d < D; d++)
        if (d !== R) v[d * M + m] = tied(d, m) ? sign[d * M + m]! * sign[R * M + m]! * ref : random.normal();
    }
    for (let k = L.beta0; k < L.theta; k++) v[k] = random.normal();
    for (const t of [1e-3, -1e-3]) {
      const at = Float64Array.from(x, (xi, k) => xi + t * v[k]!);
      assert.ok(f(at) > f0, `f fell along tangent direction ${trial} at step ${t}: ${f(at) - f0}`);
    }
  }

  const grad = new Float64Array(x.length);
  df.valueAndGradient(x, grad);
  const W = df.fit.columnWeight;
  let worst = 0;
  for (let m = 0; m < M; m++) {
    let group = grad[R * M + m]! * sign[R * M + m]!;
    let weight = W[R * M + m]!;
    for (let d = 0; d < D; d++) {
      if (d === R) continue;
      const g = grad[d * M + m]! * sign[d * M + m]!;
      if (tied(d, m)) {
        group += g;
        weight += W[d * M + m]!;
      } else if (W[d * M + m]! > 0) worst = Math.max(worst, Math.abs(g) / W[d * M + m]!);
    }
    if (weight > 0) worst = Math.max(worst, Math.abs(group) / weight);
  }
  for (let k = L.beta0; k < L.theta; k++) worst = Math.max(worst, Math.abs(grad[k]!) * D);
  assert.ok(worst < 1e-4, `largest tangent force per unit of data ${worst}`);
});

test('relaxed shifts on the true support are not shrunk, and are closer to the truth', async () => {
  for (const seed of [1, 2]) {
    const { prepared, truth, fit } = await relaxedOnSimulation(seed);
    const R = prepared.reference;
    const lasso = shifts(fit.params, R);
    const relaxed = shifts(fit.relaxed!.params, R);
    let n = 0;
    let errLasso = 0;
    let errRelaxed = 0;
    let xyLasso = 0;
    let xyRelaxed = 0;
    let yy = 0;
    [...prepared.mutations].forEach((key, m) => {
      const name = mutationName(prepared.alphabet, key);
      const site = Number(name.slice(1, -1));
      const letter = name.slice(-1);
      for (let d = 0; d < prepared.conditions.length; d++) {
        if (d === R) continue;
        const t = truthBeta(truth, d, site, letter) - truthBeta(truth, R, site, letter);
        if (t === 0 || lasso[d]![m] === 0) continue;
        n++;
        errLasso += Math.abs(lasso[d]![m]! - t);
        errRelaxed += Math.abs(relaxed[d]![m]! - t);
        xyLasso += lasso[d]![m]! * t;
        xyRelaxed += relaxed[d]![m]! * t;
        yy += t * t;
      }
    });
    const slopeLasso = xyLasso / yy;
    const slopeRelaxed = xyRelaxed / yy;
    const what = `seed ${seed}: ${n} true shifts kept; slope ${slopeLasso.toFixed(3)} → ${slopeRelaxed.toFixed(3)}, mean error ${(errLasso / n).toFixed(3)} → ${(errRelaxed / n).toFixed(3)}`;
    assert.ok(n >= 30, what);
    assert.ok(slopeLasso < 0.7, what);
    assert.ok(slopeRelaxed >= 0.9 && slopeRelaxed <= 1.1, what);
    assert.ok(errRelaxed < 0.6 * errLasso, what);
  }
});

test('dmsfit fit --relax writes beta_relaxed_<c> and shift_relaxed_<c>, zero where the lasso’s are', async () => {
  const { dir, data, dmsfit } = await simulatedCli('relax', {
    seed: 4,
    sites: 20,
    variantsPerCondition: 2000,
  });
  const out = join(dir, 'out');
  const r = dmsfit('fit', data, '-r', 'h1', '--lasso', '1e-4', '--relax', '-o', out);
  assert.equal(r.status, 0, r.stderr);
  const folder = (await fitFolder(out, TOP_FIT))!;
  const summary = JSON.parse(readFileSync(join(folder, 'fit.json'), 'utf8')) as {
    relaxed: { converged: boolean; steps: number; stationarity: number };
  };
  assert.equal(summary.relaxed.converged, true);
  assert.ok(
    summary.relaxed.steps >= 1 && summary.relaxed.stationarity <= 1e-6,
    JSON.stringify(summary.relaxed),
  );
  const rows = (await readCsv(join(folder, 'mutations.csv'))).rows;
  assert.ok('beta_relaxed_h1' in rows[0]! && !('shift_relaxed_h1' in rows[0]!));
  let kept = 0;
  for (const row of rows) {
    const lasso = Number(row.shift_h2);
    const relaxed = Number(row.shift_relaxed_h2);
    assert.ok(Number.isFinite(relaxed), row.mutation);
    assert.equal(relaxed === 0, lasso === 0, `${row.mutation}: ${lasso} → ${relaxed}`);
    if (lasso !== 0) {
      kept++;
      assert.ok(Math.abs(relaxed) > 0, row.mutation);
    }
  }
  assert.ok(kept > 0);
  const job = JSON.parse(readFileSync(join(out, 'job.json'), 'utf8')) as { relax?: boolean };
  assert.equal(job.relax, true);
  // Models the refit's Newton steps do not cover are refused before anything runs.
  for (const model of [
    ['--epistasis', 'nn'],
    ['--penalty', 'all-pairs'],
  ]) {
    const refused = dmsfit(
      'fit',
      data,
      '-r',
      'h1',
      '--lasso',
      '1e-4',
      '--relax',
      ...model,
      '-o',
      join(dir, 'refused'),
    );
    assert.equal(refused.status, 1, refused.stderr);
    assert.match(refused.stderr, /--relax: the relaxed refit needs/);
  }
});
