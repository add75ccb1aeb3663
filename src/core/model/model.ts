/**
 * Assembles the model's parts from its options: g with its θ bounds (ge_scale ≤ 2·range(y)
 * when inferred, as multidms), the output activation, the loss, the ridge weights per θ entry,
 * the initial parameters and the locked coordinates.
 */
import { Random } from '../random';
import { identityActivation, softplusActivation } from './activation';
import type { ModelParts } from './dataFit';
import { globalEpistasis } from './epistasis';
import type { FitData } from './fitData';
import { lossFunction } from './loss';
import type { ModelOptions } from './options';
import type { Layout } from './parameters';

export function inferredScaleBound(o: ModelOptions, fit: FitData): number {
  if (o.scaleUpperBound === 'infer') return 2 * (fit.yMax - fit.yMin);
  return o.scaleUpperBound ?? Infinity;
}

export function buildModelParts(o: ModelOptions, fit: FitData): ModelParts {
  const epistasis = globalEpistasis(o.epistasis, {
    hiddenUnits: o.hiddenUnits,
    scaleUpperBound: inferredScaleBound(o, fit),
  });
  const T = epistasis.thetaNames.length;
  const ridgeTheta = new Float64Array(T);
  epistasis.thetaNames.forEach((name, j) => {
    ridgeTheta[j] = name === 'ge_bias' || name === 'output_bias' ? o.ridgeBias : o.ridgeScale;
  });
  return {
    epistasis,
    activation: o.activation === 'softplus' ? softplusActivation(o.lowerBound!) : identityActivation,
    loss: lossFunction(o.loss, o.huberDelta),
    ridgeBeta: o.ridgeBeta,
    ridgeTheta,
  };
}

/**
 * multidms's start: β0 zero, θ = (initScale, initBias) for sigmoid and softplus, and β zero or,
 * with initBetaVariance v > 0, v·N(0, 1) per fitted coordinate (conditions in order, seeded by
 * initSeed); the nn model starts from seeded normal weights (clipped at 0 where constrained).
 */
export function initialParameters(o: ModelOptions, parts: ModelParts, L: Layout): Float64Array {
  const x = new Float64Array(L.size);
  const g = parts.epistasis;
  const r = new Random(o.initSeed);
  if (g.name === 'sigmoid' || g.name === 'softplus') {
    x[L.theta] = Math.min(Math.max(o.initScale, g.lower[0]!), g.upper[0]!);
    x[L.theta + 1] = o.initBias;
  } else if (g.name === 'nn') {
    for (let j = 0; j < L.T; j++) x[L.theta + j] = Math.max(g.lower[j]!, r.normal());
  }
  if (o.initBetaVariance > 0) for (let k = 0; k < L.beta0; k++) x[k] = o.initBetaVariance * r.normal();
  return x;
}

/** Coordinates held fixed, with their values in fitting coordinates. */
export interface Locks {
  index: Int32Array;
  value: Float64Array;
}

export function resolveLocks(o: ModelOptions, parts: ModelParts, L: Layout, fit: FitData): Locks {
  const index: number[] = [];
  const value: number[] = [];
  for (const [name, v] of Object.entries(o.lock)) {
    if (!Number.isFinite(v)) throw new Error(`lock ${name}: value must be a finite number`);
    const theta = parts.epistasis.thetaNames.indexOf(name);
    if (theta >= 0) {
      index.push(L.theta + theta);
      value.push(v);
      continue;
    }
    const m = /^beta0:(.+)$/.exec(name);
    const d = m ? fit.conditions.indexOf(m[1]!) : -1;
    if (d < 0) {
      const known = [...parts.epistasis.thetaNames, ...fit.conditions.map((c) => `beta0:${c}`)].join(', ');
      throw new Error(`cannot lock '${name}': unknown parameter (lockable: ${known})`);
    }
    if (fit.bitFlip && fit.bundles[d]!.length > 0) {
      throw new Error(
        `cannot lock beta0:${m![1]}: in the bit-flipped coordinates it is tied to that condition's bundle; lock the β0 of a condition with the reference's wildtype instead`,
      );
    }
    index.push(L.beta0 + d);
    value.push(v);
  }
  return { index: Int32Array.from(index), value: Float64Array.from(value) };
}
