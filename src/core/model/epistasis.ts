/**
 * Global epistasis g: the shared nonlinearity from latent phenotype φ to observed score.
 * Each model gives its value, its derivative in z, and its gradient in its parameters θ, plus
 * box constraints on θ (enforced by the solvers' projections). Shapes follow multidms:
 *   sigmoid   g(z) = s·σ(z) + b                  θ = (ge_scale s ≥ 0, ge_bias b)
 *   softplus  g(z) = −s·softplus(−z) + b         θ = (ge_scale s ≥ 0, ge_bias b)
 *   identity  g(z) = z                           θ = ()
 *   nn        g(z) = o + Σ_i w2_i·σ(w1_i·z + c_i) θ = (w1 ≥ 0, c, w2 ≥ 0, o): monotone increasing
 */
import { sigmoid, softplus } from './numerics';

export type EpistasisName = 'sigmoid' | 'softplus' | 'identity' | 'nn';

export interface GlobalEpistasis {
  readonly name: EpistasisName;
  /** Names of θ entries, as written in model.json. */
  readonly thetaNames: string[];
  value(z: number, theta: Float64Array): number;
  /** dg/dz. */
  dz(z: number, theta: Float64Array): number;
  /** Writes dg/dθ into out (length thetaNames.length). */
  dtheta(z: number, theta: Float64Array, out: Float64Array): void;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

export interface EpistasisOptions {
  /** Hidden units of the nn model. Default 5. */
  hiddenUnits?: number;
  /** Upper bound on ge_scale (sigmoid/softplus); Infinity for none. */
  scaleUpperBound?: number;
}

function box(n: number): { lower: Float64Array; upper: Float64Array } {
  return { lower: new Float64Array(n).fill(-Infinity), upper: new Float64Array(n).fill(Infinity) };
}

export function globalEpistasis(name: EpistasisName, options: EpistasisOptions = {}): GlobalEpistasis {
  switch (name) {
    case 'sigmoid': {
      const { lower, upper } = box(2);
      lower[0] = 0;
      upper[0] = options.scaleUpperBound ?? Infinity;
      return {
        name,
        thetaNames: ['ge_scale', 'ge_bias'],
        value: (z, t) => t[0]! * sigmoid(z) + t[1]!,
        dz: (z, t) => {
          const s = sigmoid(z);
          return t[0]! * s * (1 - s);
        },
        dtheta: (z, _t, out) => {
          out[0] = sigmoid(z);
          out[1] = 1;
        },
        lower,
        upper,
      };
    }
    case 'softplus': {
      const { lower, upper } = box(2);
      lower[0] = 0;
      upper[0] = options.scaleUpperBound ?? Infinity;
      return {
        name,
        thetaNames: ['ge_scale', 'ge_bias'],
        value: (z, t) => -t[0]! * softplus(-z) + t[1]!,
        dz: (z, t) => t[0]! * sigmoid(-z),
        dtheta: (z, _t, out) => {
          out[0] = -softplus(-z);
          out[1] = 1;
        },
        lower,
        upper,
      };
    }
    case 'identity': {
      const { lower, upper } = box(0);
      return { name, thetaNames: [], value: (z) => z, dz: () => 1, dtheta: () => undefined, lower, upper };
    }
    case 'nn': {
      const H = options.hiddenUnits ?? 5;
      if (!Number.isInteger(H) || H < 1) throw new Error(`hidden units must be a positive integer, got ${H}`);
      const { lower, upper } = box(3 * H + 1);
      for (let i = 0; i < H; i++) {
        lower[i] = 0; // w1
        lower[2 * H + i] = 0; // w2
      }
      const names = [
        ...Array.from({ length: H }, (_, i) => `w1_${i}`),
        ...Array.from({ length: H }, (_, i) => `c_${i}`),
        ...Array.from({ length: H }, (_, i) => `w2_${i}`),
        'output_bias',
      ];
      return {
        name,
        thetaNames: names,
        value: (z, t) => {
          let g = t[3 * H]!;
          for (let i = 0; i < H; i++) g += t[2 * H + i]! * sigmoid(t[i]! * z + t[H + i]!);
          return g;
        },
        dz: (z, t) => {
          let d = 0;
          for (let i = 0; i < H; i++) {
            const s = sigmoid(t[i]! * z + t[H + i]!);
            d += t[2 * H + i]! * t[i]! * s * (1 - s);
          }
          return d;
        },
        dtheta: (z, t, out) => {
          for (let i = 0; i < H; i++) {
            const s = sigmoid(t[i]! * z + t[H + i]!);
            const ds = s * (1 - s);
            out[i] = t[2 * H + i]! * ds * z;
            out[H + i] = t[2 * H + i]! * ds;
            out[2 * H + i] = s;
          }
          out[3 * H] = 1;
        },
        lower,
        upper,
      };
    }
    default: {
      const never: never = name;
      throw new Error(
        `unknown global epistasis '${String(never)}' (choose sigmoid, softplus, identity or nn)`,
      );
    }
  }
}
