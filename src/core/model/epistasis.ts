/**
 * Global epistasis g: the shared nonlinearity from latent phenotype φ to observed score.
 * `evaluate` fills the value, dg/dz and (optionally) dg/dθ in one call, so each row's
 * exponentials are computed once. θ has box constraints (enforced by the solvers' projections).
 * Shapes follow multidms:
 *   sigmoid   g(z) = s·σ(z) + b                  θ = (ge_scale s ≥ 0, ge_bias b)
 *   softplus  g(z) = −s·softplus(−z) + b         θ = (ge_scale s ≥ 0, ge_bias b)
 *   identity  g(z) = z                           θ = ()
 *   nn        g(z) = o + Σ_i w2_i·σ(w1_i·z + c_i) θ = (w1 ≥ 0, c, w2 ≥ 0, o): monotone increasing
 */
import { sigmoid, softplus } from './numerics';

/** The global-epistasis models, in the order menus and help list them; the first is the default. */
export const EPISTASIS_NAMES = ['sigmoid', 'softplus', 'identity', 'nn'] as const;
export type EpistasisName = (typeof EPISTASIS_NAMES)[number];

/** Output of `evaluate`; reused across rows. */
export interface EpistasisEval {
  g: number;
  dz: number;
  dtheta: Float64Array;
}

export interface GlobalEpistasis {
  readonly name: EpistasisName;
  /** Names of θ entries, as written in model.json. */
  readonly thetaNames: string[];
  /** Box constraints on θ. */
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** Fills out.g, out.dz and, if `withTheta`, out.dtheta. */
  evaluate(z: number, theta: Float64Array, out: EpistasisEval, withTheta: boolean): void;
  value(z: number, theta: Float64Array): number;
  /**
   * The curve's steepest slope max_z g′(z) (for nn an upper bound, Σ w2·w1/4): the unit in
   * which a variant's slope says whether the data still move its latent phenotype.
   */
  steepest(theta: Float64Array): number;
}

export interface EpistasisOptions {
  /** Hidden units of the nn model. Default 5. */
  hiddenUnits?: number;
  /** Upper bound on ge_scale (sigmoid/softplus); Infinity for none. */
  scaleUpperBound?: number;
}

export function newEval(g: GlobalEpistasis): EpistasisEval {
  return { g: 0, dz: 0, dtheta: new Float64Array(g.thetaNames.length) };
}

function bounds(n: number, lowerZero: number[] = [], upper: [number, number][] = []) {
  const lower = new Float64Array(n).fill(-Infinity);
  const up = new Float64Array(n).fill(Infinity);
  for (const i of lowerZero) lower[i] = 0;
  for (const [i, v] of upper) up[i] = v;
  return { lower, upper: up };
}

export function globalEpistasis(name: EpistasisName, options: EpistasisOptions = {}): GlobalEpistasis {
  const scaleBound: [number, number][] = [[0, options.scaleUpperBound ?? Infinity]];
  switch (name) {
    case 'sigmoid':
      return {
        name,
        thetaNames: ['ge_scale', 'ge_bias'],
        ...bounds(2, [0], scaleBound),
        evaluate(z, t, out, withTheta) {
          const s = sigmoid(z);
          out.g = t[0]! * s + t[1]!;
          out.dz = t[0]! * s * (1 - s);
          if (withTheta) {
            out.dtheta[0] = s;
            out.dtheta[1] = 1;
          }
        },
        value: (z, t) => t[0]! * sigmoid(z) + t[1]!,
        steepest: (t) => t[0]! / 4,
      };
    case 'softplus':
      return {
        name,
        thetaNames: ['ge_scale', 'ge_bias'],
        ...bounds(2, [0], scaleBound),
        evaluate(z, t, out, withTheta) {
          const sp = softplus(-z);
          out.g = -t[0]! * sp + t[1]!;
          out.dz = t[0]! * sigmoid(-z);
          if (withTheta) {
            out.dtheta[0] = -sp;
            out.dtheta[1] = 1;
          }
        },
        value: (z, t) => -t[0]! * softplus(-z) + t[1]!,
        steepest: (t) => t[0]!,
      };
    case 'identity':
      return {
        name,
        thetaNames: [],
        ...bounds(0),
        evaluate(z, _t, out) {
          out.g = z;
          out.dz = 1;
        },
        value: (z) => z,
        steepest: () => 1,
      };
    case 'nn': {
      const H = options.hiddenUnits ?? 5;
      if (!Number.isInteger(H) || H < 1) throw new Error(`hidden units must be a positive integer, got ${H}`);
      const nonNegative = [...Array(H).keys(), ...Array.from({ length: H }, (_, i) => 2 * H + i)];
      const value = (z: number, t: Float64Array) => {
        let g = t[3 * H]!;
        for (let i = 0; i < H; i++) g += t[2 * H + i]! * sigmoid(t[i]! * z + t[H + i]!);
        return g;
      };
      return {
        name,
        thetaNames: [
          ...Array.from({ length: H }, (_, i) => `w1_${i}`),
          ...Array.from({ length: H }, (_, i) => `c_${i}`),
          ...Array.from({ length: H }, (_, i) => `w2_${i}`),
          'output_bias',
        ],
        ...bounds(3 * H + 1, nonNegative),
        evaluate(z, t, out, withTheta) {
          let g = t[3 * H]!;
          let dz = 0;
          for (let i = 0; i < H; i++) {
            const w1 = t[i]!;
            const w2 = t[2 * H + i]!;
            const s = sigmoid(w1 * z + t[H + i]!);
            const ds = s * (1 - s);
            g += w2 * s;
            dz += w2 * w1 * ds;
            if (withTheta) {
              out.dtheta[i] = w2 * ds * z;
              out.dtheta[H + i] = w2 * ds;
              out.dtheta[2 * H + i] = s;
            }
          }
          if (withTheta) out.dtheta[3 * H] = 1;
          out.g = g;
          out.dz = dz;
        },
        value,
        steepest(t) {
          let s = 0;
          for (let i = 0; i < H; i++) s += (t[2 * H + i]! * t[i]!) / 4;
          return s;
        },
      };
    }
    default: {
      const never: never = name;
      throw new Error(`unknown global epistasis '${String(never)}' (choose ${EPISTASIS_NAMES.join(', ')})`);
    }
  }
}
