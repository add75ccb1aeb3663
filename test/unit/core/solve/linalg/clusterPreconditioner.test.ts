/**
 * The manifold Newton step's block preconditioner against brute force: planted clusters are
 * found, and on each one the preconditioner solves the Hessian block in the manifold's variables
 * (tied conditions as one variable, with the design's signs) as dense elimination does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFitData, type FitData } from '../../../../../src/core/model/fitData.ts';
import { Random } from '../../../../../src/core/random.ts';
import { ClusterPreconditioner } from '../../../../../src/core/solve/linalg/clusterPreconditioner.ts';
import { mutationName } from '../../../../../src/core/data/variantTable.ts';
import { prepare } from '../../../support/data.ts';
import { linearSolve } from '../../../support/linearSolve.ts';

/** Two conditions; M1A and K2R always together, D3E with them in most of its variants, the rest at random. */
function table(r: Random): string {
  const lines = ['condition,aa_substitutions,func_score'];
  const others = [
    ['G4W', 'G4P'],
    ['S5T', 'S5A'],
    ['L6F', 'L6I'],
    ['T7N', 'T7S'],
    ['V8M', 'V8A'],
  ];
  for (const condition of ['a', 'b']) {
    for (let v = 0; v < 120; v++) {
      const subs: string[] = [];
      if (v % 4 === 0) subs.push('M1A', 'K2R', ...(v % 12 === 0 ? [] : ['D3E']));
      else if (v % 29 === 1) subs.push('D3E');
      for (const site of others) if (r.uniform() < 0.4) subs.push(site[r.uniform() < 0.5 ? 0 : 1]!);
      lines.push(`${condition},${subs.join(' ')},${r.normal().toFixed(3)}`);
    }
  }
  return lines.join('\n') + '\n';
}

test('cluster blocks: planted clusters found, each block solved as dense elimination does', async () => {
  const r = new Random(17);
  const prepared = await prepare(table(r), { reference: 'a' });
  const built = buildFitData(prepared, { weights: 'none', bitFlip: true });
  const { M, D } = built;
  // Random signs stand in for bundle columns, so the sign algebra is exercised.
  const fit: FitData = {
    ...built,
    sign: Float64Array.from({ length: D * M }, () => (r.uniform() < 0.5 ? -1 : 1)),
  };
  const name = (m: number) => mutationName(prepared.alphabet, prepared.mutations[m]!);
  const pre = ClusterPreconditioner.of(fit);
  const clusters = [...Array(pre.clusters).keys()].map((q) => [...pre.cluster(q)].map(name).sort());
  assert.deepEqual(clusters, [['D3E', 'K2R', 'M1A']], 'the planted cluster alone');

  // Row curvatures (positive), the diagonal they imply plus a ridge, ties and a fixed coordinate.
  const w = fit.data.map((c) => Float64Array.from({ length: c.n }, () => 0.1 + r.uniform()));
  const diag = new Float64Array(D * M + 4);
  fit.data.forEach((c, d) => {
    for (let i = 0; i < c.n; i++)
      for (let k = c.X.ptr[i]!; k < c.X.ptr[i + 1]!; k++) diag[d * M + c.X.idx[k]!]! += w[d]![i]!;
  });
  for (let k = 0; k < D * M; k++) diag[k]! += 0.01;
  const members = [...pre.cluster(0)];
  for (const [label, tiedOf] of [
    ['all tied', () => 0b11],
    ['none tied', () => 0],
    ['mixed', (m: number) => (m === members[0] ? 0b11 : 0)],
  ] as const) {
    const tiedMask = Uint32Array.from({ length: M }, (_, m) => tiedOf(m));
    const free = new Uint8Array(D * M + 4).fill(1);
    free[1 * M + members[1]!] = 0;
    const damping = 1e-3;
    pre.prepare({ tiedMask, free, diag, damping }, w);
    const rhs = Float64Array.from({ length: D * M + 4 }, () => r.normal());
    const z = new Float64Array(D * M + 4);
    pre.apply(rhs, z);

    // Brute force: the coordinates, the variables (columns of E), the block EᵀHE and Eᵀr.
    const coords = members.flatMap((m) => [...Array(D).keys()].map((d) => d * M + m)).filter((k) => free[k]);
    const vars: number[][] = [];
    for (const m of members) {
      const tied = coords.filter((k) => k % M === m && tiedMask[m]! & (1 << Math.floor(k / M)));
      if (tied.length > 0) vars.push(tied);
      for (const k of coords) if (k % M === m && !tied.includes(k)) vars.push([k]);
    }
    const H = (ka: number, kb: number) => {
      const d = Math.floor(ka / M);
      if (Math.floor(kb / M) !== d) return 0;
      if (ka === kb) return (1 + damping) * diag[ka]!;
      const c = fit.data[d]!;
      let s = 0;
      for (let i = 0; i < c.n; i++) {
        const row = c.X.idx.subarray(c.X.ptr[i]!, c.X.ptr[i + 1]!);
        if (row.includes(ka % M) && row.includes(kb % M)) s += w[d]![i]!;
      }
      return fit.sign[ka]! * fit.sign[kb]! * s;
    };
    const A = vars.map((va) =>
      vars.map((vb) => va.reduce((s, a) => s + vb.reduce((t, b) => t + H(a, b), 0), 0)),
    );
    const b = vars.map((v) => v.reduce((s, k) => s + fit.sign[k]! * rhs[k]!, 0));
    const y = linearSolve(A, b);
    vars.forEach((v, j) =>
      v.forEach((k) => {
        const want = fit.sign[k]! * y[j]!;
        assert.ok(
          Math.abs(z[k]! - want) <= 1e-10 * (1 + Math.abs(want)),
          `${label}: coordinate ${k}: ${z[k]} vs ${want}`,
        );
      }),
    );
    // Coordinates outside the cluster, and fixed ones, are left to the caller's Jacobi step.
    for (let k = 0; k < D * M + 4; k++)
      if (!coords.includes(k)) assert.equal(z[k], 0, `${label}: coordinate ${k}`);
  }
});
