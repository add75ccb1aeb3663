/**
 * The interaction spectrum of a fitted model on chosen sites, per condition: the landscape over
 * every combination of the sites' states, its Fourier transform, and what it says — energy per
 * interaction order and per site subset, ruggedness and sparsity (Tsui & Aghazadeh), the
 * largest coefficients, and optionally the paper's binary view. On the latent scale the
 * landscape is exactly additive; on the observed scale every energy above order 1 is
 * non-specific epistasis created by the fitted g.
 */
import { UserError } from '../errors';
import type { LoadedModel } from '../fit/modelFile';
import { binarySpectrum, type BinarySpectrum } from './binary';
import { fourierTransform } from './fourier';
import { buildLandscape, type LandscapeScale } from './landscape';
import { MAX_ORDER, summarize } from './summaries';

export interface SpectrumOptions {
  /** Site labels, e.g. ['498', '501', '505']. */
  sites: string[];
  /** Conditions to analyse; default every condition of the model. */
  conditions?: string[];
  /** Default 'observed' (predicted functional score); 'latent' is additive by construction. */
  scale?: LandscapeScale;
  /** Substitutions (relative to each condition's wildtype) under the grid, away from the sites. */
  background?: string;
  /** Largest coefficients reported. Default 20. */
  top?: number;
  /** The binary (q = 2) view: random draws beyond 256 mutant choices. */
  binary?: { repeats: number; seed: number };
}

export interface SubsetEnergy {
  sites: string[];
  energy: number;
  share: number;
}

export interface TopCoefficient {
  /** Sites with a non-zero frequency, and those frequencies. */
  sites: string[];
  frequency: number[];
  order: number;
  re: number;
  im: number;
  magnitude: number;
  share: number;
}

export interface ConditionSpectrum {
  condition: string;
  scale: LandscapeScale;
  /** Each site's states, the condition's wildtype first. */
  sites: { site: string; letters: string[] }[];
  points: number;
  mean: number;
  variance: number;
  /** Per order j = 0..k: energy, share of the variance, number of coefficients. */
  orders: { order: number; energy: number; share: number; coefficients: number }[];
  /** k × k: single-site energies on the diagonal, pair energies off it. */
  pairEnergy: number[][];
  /** Site subsets by energy, largest first (those with any energy; at most 200). */
  subsets: SubsetEnergy[];
  ruggedness: number;
  meanOrder: number;
  sparsity: number;
  sparsityThreshold: number;
  top: TopCoefficient[];
  binary?: BinarySpectrum;
  seconds: number;
}

export interface SpectrumResult {
  sites: string[];
  scale: LandscapeScale;
  background: string;
  conditions: ConditionSpectrum[];
  notes: string[];
}

const MAX_SUBSETS = 200;

export function conditionSpectrum(
  model: LoadedModel,
  condition: string,
  options: SpectrumOptions,
): ConditionSpectrum {
  const t0 = performance.now();
  const scale = options.scale ?? 'observed';
  const landscape = buildLandscape(model, {
    condition,
    sites: options.sites,
    scale,
    ...(options.background ? { background: options.background } : {}),
  });
  const { shape, values } = landscape;
  const im = new Float64Array(values.length);
  fourierTransform(values, im, shape);
  const s = summarize(values, im, shape, options.top ?? 20);
  const labels = options.sites;
  const pairEnergy = labels.map((_, i) =>
    labels.map((__, j) => s.subsetEnergy[i === j ? 1 << i : (1 << i) | (1 << j)]!),
  );
  const subsets: SubsetEnergy[] = [];
  s.subsetEnergy.forEach((energy, mask) => {
    if (mask === 0 || energy <= 0) return;
    subsets.push({
      sites: labels.filter((_, j) => mask & (1 << j)),
      energy,
      share: s.variance > 0 ? energy / s.variance : 0,
    });
  });
  subsets.sort((a, b) => b.energy - a.energy);
  return {
    condition,
    scale,
    sites: landscape.sites.map((x) => ({ site: x.site, letters: x.letters })),
    points: values.length,
    mean: s.mean,
    variance: s.variance,
    orders: s.orderEnergy.map((energy, order) => ({
      order,
      energy,
      share: s.orderShare[order]!,
      coefficients: s.orderCount[order]!,
    })),
    pairEnergy,
    subsets: subsets.slice(0, MAX_SUBSETS),
    ruggedness: s.ruggedness,
    meanOrder: s.meanOrder,
    sparsity: s.sparsity,
    sparsityThreshold: s.sparsityThreshold,
    top: s.top.map((c) => ({
      sites: labels.filter((_, j) => c.frequency[j] !== 0),
      frequency: c.frequency.filter((u) => u !== 0),
      order: c.order,
      re: c.re,
      im: c.im,
      magnitude: Math.hypot(c.re, c.im),
      share: c.share,
    })),
    ...(options.binary
      ? {
          binary: binarySpectrum(model, landscape.sites, landscape.backgroundLatent, scale, options.binary),
        }
      : {}),
    seconds: (performance.now() - t0) / 1000,
  };
}

export function spectrum(model: LoadedModel, options: SpectrumOptions): SpectrumResult {
  if (options.sites.length === 0) throw new UserError('choose at least one site');
  const conditions = options.conditions?.length ? options.conditions : model.doc.conditions;
  const scale = options.scale ?? 'observed';
  const notes = [
    `Orders above ${MAX_ORDER} are left out of ruggedness and sparsity.`,
    'Energies per order and per site subset, and ruggedness, do not depend on how states are labelled; sparsity does when a site has more than two states.',
    scale === 'latent'
      ? 'Latent scale: the model is additive in the latent phenotype, so all variance is at order 1.'
      : 'Observed scale: energy above order 1 is non-specific epistasis created by the fitted global-epistasis function g.',
  ];
  return {
    sites: options.sites,
    scale,
    background: options.background ?? '',
    conditions: conditions.map((c) => conditionSpectrum(model, c, options)),
    notes,
  };
}
