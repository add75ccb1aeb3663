/**
 * The paper's binary view: one mutant per site (q = 2), transformed by Walsh–Hadamard. Every
 * choice of mutants is analysed when there are at most 256, else `repeats` seeded random draws;
 * sparsity and ruggedness are reported as mean ± sd over the choices.
 */
import type { LoadedModel } from '../fit/modelFile';
import { Random } from '../random';
import { walshHadamard } from './fourier';
import { fillLandscape, type LandscapeScale, type SiteStates } from './landscape';
import { summarize } from './summaries';

/** Enumerate every choice of mutants up to this many; sample beyond. */
export const EXHAUSTIVE_LIMIT = 256;

export interface BinaryDraw {
  /** The mutant letter chosen at each site. */
  mutants: string[];
  sparsity: number;
  ruggedness: number;
  /** Share of variance per order j = 0..k. */
  orderShare: number[];
}

export interface BinarySpectrum {
  exhaustive: boolean;
  draws: BinaryDraw[];
  sparsity: { mean: number; sd: number };
  ruggedness: { mean: number; sd: number };
}

function meanSd(values: number[]): { mean: number; sd: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd =
    values.length > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1)) : 0;
  return { mean, sd };
}

/** Mutant choices: all of them (mixed-radix count) or seeded random draws. */
function choices(
  counts: number[],
  repeats: number,
  seed: number,
): { exhaustive: boolean; picks: number[][] } {
  const total = counts.reduce((a, b) => a * b, 1);
  if (total <= EXHAUSTIVE_LIMIT) {
    const picks: number[][] = [];
    for (let c = 0; c < total; c++) {
      let rest = c;
      const pick = new Array<number>(counts.length);
      for (let j = counts.length - 1; j >= 0; j--) {
        pick[j] = rest % counts[j]!;
        rest = Math.floor(rest / counts[j]!);
      }
      picks.push(pick);
    }
    return { exhaustive: true, picks };
  }
  const random = new Random(seed);
  return {
    exhaustive: false,
    picks: Array.from({ length: repeats }, () => counts.map((n) => random.int(n))),
  };
}

export function binarySpectrum(
  model: LoadedModel,
  sites: SiteStates[],
  base: number,
  scale: LandscapeScale,
  options: { repeats: number; seed: number },
): BinarySpectrum {
  const k = sites.length;
  const { exhaustive, picks } = choices(
    sites.map((s) => s.letters.length - 1),
    options.repeats,
    options.seed,
  );
  const values = new Float64Array(2 ** k);
  const draws = picks.map((pick) => {
    const pair = sites.map((s, j) => ({
      site: s.site,
      letters: [s.letters[0]!, s.letters[pick[j]! + 1]!],
      delta: Float64Array.of(0, s.delta[pick[j]! + 1]!),
    }));
    fillLandscape(model, pair, base, scale, values);
    walshHadamard(values);
    const summary = summarize(values, new Float64Array(values.length), Array(k).fill(2), 0);
    return {
      mutants: pair.map((p) => p.letters[1]!),
      sparsity: summary.sparsity,
      ruggedness: summary.ruggedness,
      orderShare: summary.orderShare,
    };
  });
  return {
    exhaustive,
    draws,
    sparsity: meanSd(draws.map((d) => d.sparsity)),
    ruggedness: meanSd(draws.map((d) => d.ruggedness)),
  };
}
