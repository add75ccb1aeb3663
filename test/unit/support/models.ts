/** Small hand-written model documents for tests. */
import type { ModelDocument } from '../../../src/core/fit/modelFile.ts';

/** A three-site, two-condition model in multidms's sigmoid form (condition b differs at site 2). */
export function tinyModel(): ModelDocument {
  return {
    format: 'dmsfit-model',
    formatVersion: 1,
    dmsfitVersion: 'test',
    created: '2026-01-01T00:00:00.000Z',
    alphabet: 'aa-stop',
    letterSuffixedSites: false,
    conditions: ['a', 'b'],
    reference: 'a',
    sites: ['1', '2', '3'],
    wildtypes: { a: 'MGA', b: 'MPA' },
    mutations: ['M1A', 'M1C', 'G2P', 'G2A', 'A3C', 'A3*'],
    beta: { a: [-1.2, 0.4, -0.3, -2.5, 0.8, -6], b: [-1.0, 0.4, 0.9, -2.0, 0.8, -6] },
    beta0: { a: 1.5, b: 0.5 },
    theta: { ge_scale: 4, ge_bias: -3 },
    epistasis: { name: 'sigmoid', hiddenUnits: 5 },
    activation: { name: 'identity', lowerBound: null },
    lambda: 0,
    settings: {},
  };
}
