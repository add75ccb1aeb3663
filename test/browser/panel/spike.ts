/**
 * A synthetic spike-sized result (~1,270 sites in natural order, 10 mutants each ≈ 12.7k
 * mutations × 3 conditions, 1,000 sampled variants per condition, as the panel receives) for the
 * first-paint measure.
 * Values are random but shaped like real fits; rendering cost is what is measured.
 */
import type { FitDetail, ResultsIndex } from '../../../src/plots/model.ts';
import { Random } from '../../../src/core/random.ts';

export function spikeSized(): { index: ResultsIndex; detail: FitDetail } {
  const r = new Random(1);
  const letters = 'ACDEFGHIKLMNPQRSTVWY*-';
  const conditions = ['BA.1', 'BA.2', 'Delta'];
  const sites = Array.from({ length: 1270 }, (_, i) => String(i + 1));
  const wt = sites.map(() => letters[r.int(20)]!);
  const mutations = { name: [] as string[], site: [] as string[], wt: [] as string[], mut: [] as string[] };
  sites.forEach((s, i) => {
    const muts = r.shuffle([...letters].filter((l) => l !== wt[i])).slice(0, 10);
    for (const m of muts) {
      mutations.name.push(`${wt[i]}${s}${m}`);
      mutations.site.push(s);
      mutations.wt.push(wt[i]!);
      mutations.mut.push(m);
    }
  });
  const M = mutations.name.length;
  const beta = conditions.map(() => Array.from({ length: M }, () => -2 + 2 * r.normal()));
  const shift = conditions.map((_, d) =>
    Array.from({ length: M }, (_v, m) => (d === 1 || r.uniform() > 0.03 ? 0 : r.normal()) + 0 * m),
  );
  const n = 1000;
  const variants = {
    condition: [] as number[],
    observed: [] as number[],
    predicted: [] as number[],
    latent: [] as number[],
  };
  for (let d = 0; d < 3; d++) {
    for (let i = 0; i < n; i++) {
      const latent = 3 + 3 * r.normal();
      const predicted = 6 / (1 + Math.exp(-latent)) - 6;
      variants.condition.push(d);
      variants.latent.push(latent);
      variants.predicted.push(predicted);
      variants.observed.push(predicted + 0.3 * r.normal());
    }
  }
  const curve = { latent: Array.from({ length: 201 }, (_, i) => -10 + i / 10), score: [] as number[] };
  curve.score = curve.latent.map((l) => 6 / (1 + Math.exp(-l)) - 6);
  const detail: FitDetail = {
    id: '.',
    lambda: 1e-4,
    replicate: '',
    conditions,
    reference: 'BA.2',
    converged: true,
    stationarity: 8e-7,
    tolerance: 1e-6,
    stopDetail: 'converged',
    advice: null,
    warnings: [],
    notIdentifiable: conditions.map(() => ({ 'single-variant': 0, saturated: 0, unseen: 0 })),
    topShifts: conditions.map(() => []),
    theta: { ge_scale: 6, ge_bias: -6 },
    pearson: [0.95, 0.96, 0.94],
    r2: [0.9, 0.92, 0.88],
    trajectory: {
      iteration: Array.from({ length: 60 }, (_, i) => i),
      objective: Array.from({ length: 60 }, (_, i) => 0.05 + Math.exp(-i / 6)),
      stationarity: Array.from({ length: 60 }, (_, i) => Math.exp(-i / 4)),
      loss: conditions.map(() => Array.from({ length: 60 }, (_, i) => 0.04 + Math.exp(-i / 6))),
    },
    mutations: {
      ...mutations,
      beta,
      shift,
      timesSeen: conditions.map(() => Array.from({ length: M }, () => r.int(40))),
      // A few in every condition the data cannot identify: greyed out in the heatmap.
      identifiable: conditions.map(() =>
        Array.from({ length: M }, () => {
          const u = r.uniform();
          return u < 0.04 ? 'single-variant' : u < 0.06 ? 'saturated' : 'yes';
        }),
      ),
      seBeta: conditions.map(() => Array.from({ length: M }, () => 0.05 + 0.3 * r.uniform())),
      seShift: conditions.map((_, d) =>
        Array.from({ length: M }, () => (d === 1 ? NaN : 0.1 + 0.4 * r.uniform())),
      ),
    },
    sites: {
      label: sites,
      wildtype: conditions.map((_, d) =>
        wt.map((w) => (d !== 1 && r.uniform() < 0.02 ? letters[(letters.indexOf(w) + 1) % 20]! : w)),
      ),
    },
    variants,
    curve,
    wildtypes: conditions.map(() => ({ latent: 4, score: -0.1 })),
  };
  detail.mutations.identifiable.forEach((codes, d) => {
    const counts = detail.notIdentifiable[d]!;
    for (const c of codes) if (c !== 'yes') counts[c as 'single-variant' | 'saturated']++;
  });
  const index: ResultsIndex = {
    folder: '/spike',
    conditions,
    reference: 'BA.2',
    data: {
      conditions: conditions.map((name) => ({
        name,
        isReference: name === 'BA.2',
        inputRows: 100_000,
        variants: 100_000,
        kept: 99_000,
        dropped: { 'unknown-wildtype': 1000 },
        bundle: [],
        meanRowSum: { reference: 3, scaled: 2.5 },
      })),
      reference: 'BA.2',
      mutations: M,
      sites: sites.length,
      collapse: 'none',
      unknownWildtypeSites: [],
      invalidBundleSites: [],
      inputRows: 300_000,
      rejectedRows: 0,
      keptVariants: 297_000,
    },
    rowSums: conditions.flatMap((c) =>
      Array.from({ length: 10 }, (_, k) => [
        { condition: c, encoding: 'reference' as const, rowSum: k, count: 1000 },
        { condition: c, encoding: 'scaled' as const, rowSum: k, count: 900 },
      ]).flat(),
    ),
    dropped: [],
    droppedTotal: 0,
    fits: [
      {
        id: '.',
        lambda: 1e-4,
        replicate: '',
        converged: true,
        stopDetail: 'converged',
        iterations: 60,
        seconds: 5,
        stationarity: 8e-7,
        trainingLoss: [0.05, 0.05, 0.05],
        validationLoss: [null, null, null],
        nonzeroShifts: [300, 0, 280],
        mutations: M,
      },
    ],
    recommendedLambda: null,
    correlations: [],
  };
  return { index, detail };
}
