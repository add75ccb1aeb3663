/**
 * Identifiability on a table built to hold each case: mutations seen in many variants over the
 * sigmoid's responsive range (identified), one seen only in floor-level variants (saturated: the
 * ridge sets its β: the curve's floor is held above its scores), one seen once (single-variant), one absent from a condition (unseen), with
 * the curvature rule checked against an independent sum over the variants.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitPath } from '../../../../src/core/fit/fitPath.ts';
import { IDENTIFIABILITY, identifiability } from '../../../../src/core/fit/identifiability.ts';
import { DEFAULT_MODEL_OPTIONS, resolveModelOptions } from '../../../../src/core/model/options.ts';
import { resolveSolverOptions } from '../../../../src/core/solve/options.ts';
import { Random } from '../../../../src/core/random.ts';
import { mutations, prepare } from '../../support/data.ts';

function table(): string {
  const r = new Random(5);
  const rows = ['condition,aa_substitutions,func_score'];
  const effect: Record<string, number> = { M1A: -1, M1C: -0.4, L4P: -2, L4V: 0.2 };
  for (const c of ['a', 'b']) {
    for (let k = 0; k < 40; k++) {
      // Two of the responsive mutations (or none), with noise.
      const picks = [['', 'M1A', 'M1C'][k % 3]!, ['', 'L4P', 'L4V'][Math.floor(k / 3) % 3]!].filter(Boolean);
      const y = picks.reduce((s, m) => s + effect[m]!, 0) + 0.1 * r.normal();
      rows.push(`${c},${picks.join(' ')},${y.toFixed(4)}`);
    }
    // G2*: always at the floor.
    for (let k = 0; k < 12; k++) rows.push(`${c},G2*${k % 2 ? ' M1A' : ''},-6`);
    rows.push(`${c},A3K,-0.7`);
  }
  rows.push('a,A3W M1C,-0.9', 'a,A3W,-0.6');
  return rows.join('\n') + '\n';
}

test('identifiability: identified, saturated at the floor, one variant, unseen', async () => {
  const p = await prepare(table(), { reference: 'a' });
  const path = await fitPath({
    prepared: p,
    // The curve's floor held at −3 (scale 4, bias −3), above G2*'s scores: nothing but the ridge
    // stops its β from running down the flat bottom of the sigmoid.
    model: resolveModelOptions({ lock: { ge_scale: 4, ge_bias: -3 } }),
    lasso: [1e-4],
    solver: resolveSolverOptions({ maxSeconds: 60 }),
  });
  const fit = path.fits[0]!;
  assert.ok(fit.result.converged, fit.stopReason);
  const f = path.dataFit;
  f.valueAndGradient(fit.x, new Float64Array(fit.x.length));
  const codes = identifiability(f, DEFAULT_MODEL_OPTIONS.ridgeBeta);
  const names = mutations(p);
  const status = (m: string, d: number) => IDENTIFIABILITY[codes[d]![names.indexOf(m)]!];
  for (const d of [0, 1]) {
    for (const m of ['M1A', 'M1C', 'L4P', 'L4V']) assert.equal(status(m, d), 'yes', `${m} in ${d}`);
    assert.equal(status('G2*', d), 'saturated');
    assert.equal(status('A3K', d), 'single-variant');
  }
  assert.equal(status('A3W', 0), 'yes');
  assert.equal(status('A3W', 1), 'unseen');
  // The rule itself, against a sum over each condition's variants carrying the mutation.
  const ridge = 2e-7;
  for (const [d, c] of f.fit.data.entries()) {
    for (let m = 0; m < names.length; m++) {
      let h = 0;
      let seen = 0;
      for (let i = 0; i < c.n; i++) {
        let has = false;
        for (let k = c.X.ptr[i]!; k < c.X.ptr[i + 1]!; k++) has ||= c.X.idx[k] === m;
        if (!has) continue;
        seen++;
        h += c.c[i]! * f.slope[d]![i]! ** 2;
      }
      const expected =
        seen === 0 ? 'unseen' : h < ridge ? 'saturated' : seen === 1 ? 'single-variant' : 'yes';
      assert.equal(IDENTIFIABILITY[codes[d]![m]!], expected, `${names[m]} in ${d}`);
    }
  }
  // Without a ridge the default ridge is the yardstick: the same verdicts.
  assert.deepEqual(identifiability(f, 0), codes);
});
