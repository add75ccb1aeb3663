/**
 * Simulated multi-condition DMS data from a known truth, in the spirit of multidms's
 * simulation notebook: a protein of L sites; per-condition wildtypes that differ at a few
 * (non-identical) sites; mutation effects β drawn from dms_variants' bimodal mixture; stop
 * codons strongly deleterious; sparse shifts Δ at a subset of sites in each non-reference
 * condition; a sigmoid global epistasis shared by all conditions; and noise whose variance
 * follows a bottleneck (variants with few counts are noisier), reported as func_score_var.
 */
import { Random } from '../random';
import { sigmoid } from '../model/numerics';

export interface SimulationOptions {
  /** Random seed. Default 1. */
  seed: number;
  /** Number of sites (numbered 1..sites). Default 50. */
  sites: number;
  /** Condition names; the first is the reference. Default ['h1', 'h2']. */
  conditions: string[];
  /** Sites where each non-reference wildtype differs from the reference. Default 10% of sites. */
  nonIdenticalSites: number;
  /** Fraction of sites carrying shifts in each non-reference condition. Default 0.2. */
  shiftedSiteFraction: number;
  /** Standard deviation of non-zero shifts. Default 1. */
  shiftSd: number;
  /** Variants per condition and replicate. Default 20,000. */
  variantsPerCondition: number;
  /** Mean number of substitutions per variant (Poisson). Default 2. */
  meanSubstitutions: number;
  /** Independent libraries (replicates) with the same truth. Default 1. */
  replicates: number;
  /** Latent phenotype of every wildtype. Default 5 (as multidms's simulation). */
  wildtypeLatent: number;
  /** Effect of a stop codon. Default −10 (as multidms's simulation). */
  stopEffect: number;
  /** ge_scale of the sigmoid; ge_bias is set so the wildtypes score 0. Default 6. */
  scale: number;
  /** Noise standard deviation floor. Default 0.1. */
  noiseSd: number;
  /** Mean bottleneck count per variant; variance adds 1/count. Default 30. */
  meanCount: number;
}

export const DEFAULT_SIMULATION: SimulationOptions = {
  seed: 1,
  sites: 50,
  conditions: ['h1', 'h2'],
  nonIdenticalSites: 5,
  shiftedSiteFraction: 0.2,
  shiftSd: 1,
  variantsPerCondition: 20_000,
  meanSubstitutions: 2,
  replicates: 1,
  wildtypeLatent: 5,
  stopEffect: -10,
  scale: 6,
  noiseSd: 0.1,
  meanCount: 30,
};

/** Amino acids and stop: the simulator's alphabet (multidms's AAS_WITHSTOP). */
export const SIMULATION_LETTERS = 'ACDEFGHIKLMNPQRSTVWY*';
const A = SIMULATION_LETTERS.length;
const STOP = A - 1;

export interface SimulationTruth {
  options: SimulationOptions;
  conditions: string[];
  /** Wildtype sequence of each condition, one letter per site. */
  wildtypes: string[];
  /** ge_scale, ge_bias of the sigmoid. */
  theta: [number, number];
  /** Per condition intercept (natural parameterisation). */
  beta0: number[];
  /**
   * Per condition, β of every possible mutation relative to the reference wildtype:
   * beta[d][s * A + a] for site index s (site s+1) and letter index a (0 where a is the reference letter).
   */
  beta: Float64Array[];
}

export interface SimulatedRow {
  condition: string;
  replicate: number;
  substitutions: string;
  score: number;
  variance: number;
  /** Noise-free expected score g(φ). */
  expected: number;
}

export function resolveSimulation(partial: Partial<SimulationOptions> = {}): SimulationOptions {
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
  const o = {
    ...DEFAULT_SIMULATION,
    nonIdenticalSites: Math.max(1, Math.round((partial.sites ?? 50) * 0.1)),
    ...defined,
  };
  if (o.conditions.length < 1 || new Set(o.conditions).size !== o.conditions.length)
    throw new Error('conditions must be distinct names');
  if (!(o.sites >= 2)) throw new Error('need at least 2 sites');
  if (o.nonIdenticalSites >= o.sites) throw new Error('non-identical sites must be fewer than sites');
  return o;
}

/** dms_variants' SigmoidPhenotypeSimulator mixture: 0.4·N(−0.33, 0.8) + 0.6·N(−2.666, 2). */
function mutationEffect(r: Random): number {
  return r.uniform() < 0.4 ? -0.33 + 0.8 * r.normal() : -2.666 + 2 * r.normal();
}

export function simulateTruth(options: SimulationOptions): SimulationTruth {
  const r = new Random(options.seed);
  const L = options.sites;
  const D = options.conditions.length;
  const ref = Array.from({ length: L }, () => r.int(20));
  const wildtypes = [ref];
  const nonIdentical: number[][] = [[]];
  for (let d = 1; d < D; d++) {
    const w = [...ref];
    const sites = r.shuffle(Array.from({ length: L }, (_, s) => s)).slice(0, options.nonIdenticalSites);
    for (const s of sites) {
      let a = r.int(20);
      while (a === ref[s]) a = r.int(20);
      w[s] = a;
    }
    wildtypes.push(w);
    nonIdentical.push(sites);
  }
  // Reference effects; the homologs' own wildtype residues are tolerated: |β| < 1 for them.
  const base = new Float64Array(L * A);
  for (let s = 0; s < L; s++) {
    for (let a = 0; a < A; a++) {
      if (a === ref[s]) continue;
      base[s * A + a] = a === STOP ? options.stopEffect : mutationEffect(r);
    }
  }
  for (let d = 1; d < D; d++) {
    for (const s of nonIdentical[d]!)
      base[s * A + wildtypes[d]![s]!] = Math.max(-0.99, Math.min(0.99, 0.5 * r.normal()));
  }
  const beta = [base];
  for (let d = 1; d < D; d++) {
    const b = Float64Array.from(base);
    const shifted = r
      .shuffle(Array.from({ length: L }, (_, s) => s))
      .slice(0, Math.round(options.shiftedSiteFraction * L));
    for (const s of shifted) {
      for (let a = 0; a < STOP; a++)
        if (a !== ref[s]) b[s * A + a] = b[s * A + a]! + options.shiftSd * r.normal();
    }
    beta.push(b);
  }
  // Each wildtype gets the same latent phenotype: β0_d absorbs its bundle.
  const beta0 = wildtypes.map((w, d) => {
    let bundle = 0;
    for (let s = 0; s < L; s++) if (w[s] !== ref[s]) bundle += beta[d]![s * A + w[s]!]!;
    return options.wildtypeLatent - bundle;
  });
  const theta: [number, number] = [options.scale, -options.scale * sigmoid(options.wildtypeLatent)];
  return {
    options,
    conditions: options.conditions,
    wildtypes: wildtypes.map((w) => w.map((a) => SIMULATION_LETTERS[a]).join('')),
    theta,
    beta0,
    beta,
  };
}

/** The variants, condition by condition and replicate by replicate. */
export function* simulateRows(truth: SimulationTruth): Generator<SimulatedRow> {
  const o = truth.options;
  const r = new Random(o.seed * 7919 + 17);
  const L = o.sites;
  const [scale, bias] = truth.theta;
  const sites = Array.from({ length: L }, (_, s) => s);
  for (let k = 0; k < o.replicates; k++) {
    for (let d = 0; d < truth.conditions.length; d++) {
      const wt = Array.from(truth.wildtypes[d]!, (c) => SIMULATION_LETTERS.indexOf(c));
      const beta = truth.beta[d]!;
      let wildtypeLatent = truth.beta0[d]!;
      for (let s = 0; s < L; s++) wildtypeLatent += beta[s * A + wt[s]!]!;
      for (let v = 0; v < o.variantsPerCondition; v++) {
        const n = Math.min(L, r.poisson(o.meanSubstitutions));
        // Partial Fisher–Yates: n distinct sites, then sorted.
        for (let i = 0; i < n; i++) {
          const j = i + r.int(L - i);
          [sites[i], sites[j]] = [sites[j]!, sites[i]!];
        }
        const chosen = sites.slice(0, n).sort((x, y) => x - y);
        let latent = wildtypeLatent;
        const tokens: string[] = [];
        for (const s of chosen) {
          let a = r.int(A - 1);
          if (a >= wt[s]!) a++; // uniform over the other 20 letters
          latent += beta[s * A + a]! - beta[s * A + wt[s]!]!;
          tokens.push(`${SIMULATION_LETTERS[wt[s]!]}${s + 1}${SIMULATION_LETTERS[a]}`);
        }
        const expected = scale * sigmoid(latent) + bias;
        const depth = Math.exp(Math.log(o.meanCount) + 0.7 * r.normal());
        const count = 1 + r.poisson(depth);
        const variance = o.noiseSd * o.noiseSd + 1 / count;
        yield {
          condition: truth.conditions[d]!,
          replicate: k + 1,
          substitutions: tokens.join(' '),
          score: expected + Math.sqrt(variance) * r.normal(),
          variance,
          expected,
        };
      }
    }
  }
}

/** Natural-parameter truth for mutation `wt·site·mut` named against the reference wildtype. */
export function truthBeta(truth: SimulationTruth, condition: number, site: number, letter: string): number {
  return truth.beta[condition]![(site - 1) * A + SIMULATION_LETTERS.indexOf(letter)]!;
}
