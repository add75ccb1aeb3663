/**
 * Interaction spectrum (issue 9): q = 20 states at k = 5 sites (3.2M sequences) of a sigmoid
 * global-epistasis model — landscape, transform and summaries together, then the transform alone.
 */
import { alphabet } from '../../src/core/data/alphabet';
import { loadedModel, type ModelDocument } from '../../src/core/fit/modelFile';
import { Random } from '../../src/core/random';
import { fourierTransform } from '../../src/core/spectrum/fourier';
import { conditionSpectrum } from '../../src/core/spectrum/spectrum';
import { report } from '../shared';

/** A model with every amino acid scorable at `sites` sites (q = 20 each), random effects. */
function syntheticModel(sites: number): ModelDocument {
  const letters = alphabet('aa').letters;
  const random = new Random(4);
  const wildtype = Array.from({ length: sites }, () => letters[random.int(20)]!).join('');
  const mutations: string[] = [];
  for (let s = 0; s < sites; s++)
    for (const l of letters) if (l !== wildtype[s]) mutations.push(`${wildtype[s]}${s + 1}${l}`);
  return {
    format: 'dmsfit-model',
    formatVersion: 1,
    dmsfitVersion: 'bench',
    created: new Date(0).toISOString(),
    alphabet: 'aa',
    letterSuffixedSites: false,
    conditions: ['a'],
    reference: 'a',
    sites: Array.from({ length: sites }, (_, s) => String(s + 1)),
    wildtypes: { a: wildtype },
    mutations,
    beta: { a: mutations.map(() => random.normal() - 0.5) },
    beta0: { a: 2 },
    theta: { ge_scale: 6, ge_bias: -5 },
    epistasis: { name: 'sigmoid', hiddenUnits: 5 },
    activation: { name: 'identity', lowerBound: null },
    lambda: 0,
    settings: {},
  };
}

export const spectrumCases: Record<string, () => Promise<void>> = {
  'spectrum q=20 k=5 (3.2M sequences)': async () => {
    const name = 'spectrum q=20 k=5 (3.2M sequences)';
    const doc = syntheticModel(5);
    const model = loadedModel(doc, alphabet('aa').letters);
    const runs: number[] = [];
    let result;
    for (let rep = 0; rep < 3; rep++) {
      const t0 = performance.now();
      result = conditionSpectrum(model, 'a', { sites: doc.sites });
      runs.push((performance.now() - t0) / 1000);
    }
    const shape = [20, 20, 20, 20, 20];
    const re = new Float64Array(20 ** 5).map((_, i) => Math.sin(i));
    const im = new Float64Array(re.length);
    const t1 = performance.now();
    fourierTransform(re, im, shape);
    const transform = (performance.now() - t1) / 1000;
    report(name, {
      points: result!.points,
      seconds: Math.min(...runs),
      transformSeconds: transform,
      pointsPerSecond: Math.round(result!.points / Math.min(...runs)),
      ruggedness: result!.ruggedness,
      sparsity: result!.sparsity,
    });
  },
};
