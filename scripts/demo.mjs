// `npm run demo`: the whole job on the bundled example, through the command-line tool.
// Fits a λ path with hold-out validation per replicate library, then both libraries together at
// the recommended λ (the combined fit); writes a self-contained HTML report and the interaction
// spectrum of the combined fit, checks it against the simulation's known truth, and prints where
// everything is and the headline numbers.
// Usage: node scripts/demo.mjs [--out DIR]   (after `npm run build`)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Papa from 'papaparse';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist/cli.js');
const EXAMPLE = join(ROOT, 'examples/three-backgrounds.csv');
const TRUTH = join(ROOT, 'examples/three-backgrounds.truth.csv');
const LAMBDAS = '2e-4,1e-4,5e-5,2e-5,1e-5';

const { values } = parseArgs({ options: { out: { type: 'string', default: join(ROOT, 'demo-output') } } });
const out = resolve(values.out);
const results = join(out, 'three-backgrounds.dmsfit');
const shown = (p) => relative(process.cwd(), p) || '.';

function dmsfit(args) {
  process.stdout.write(`\n$ dmsfit ${args.join(' ')}\n`);
  const r = spawnSync(process.execPath, [CLI, ...args], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`dmsfit ${args[0]} failed (exit ${r.status})`);
}

function table(path) {
  const parsed = Papa.parse(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true });
  return parsed.data;
}

function pearson(x, y) {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
const t0 = performance.now();

// 1. Fit: five λ, each replicate library separately, 20% of variants held out for validation.
dmsfit([
  'fit',
  shown(EXAMPLE),
  '--reference',
  'B1',
  '--replicate-column',
  'replicate',
  '--by-replicate',
  '--lasso',
  LAMBDAS,
  '--holdout',
  '0.2',
  '--seed',
  '1',
  '--out',
  shown(results),
]);
const collection = JSON.parse(readFileSync(join(results, 'collection.json'), 'utf8'));
const rows = table(join(results, 'collection.csv'));
const lambda = collection.recommended.lambda;
// The estimate to report: both libraries fitted together at the recommended λ.
if (!collection.combined) throw new Error('the collection has no combined fit');
const fitDir = join(results, collection.combined.folder);

// 2. Report: every plot as SVG and one self-contained HTML page.
dmsfit(['report', shown(results), '--title', 'DMS Fit demo: three simulated backgrounds']);

// 3. The spectrum of the recommended fit over the three sites with the largest summed |shift|.
const mutations = table(join(fitDir, 'mutations.csv'));
const bySite = new Map();
for (const m of mutations)
  bySite.set(m.sites, (bySite.get(m.sites) ?? 0) + Math.abs(+m.shift_B2) + Math.abs(+m.shift_B3));
const sites = [...bySite]
  .sort((a, b) => b[1] - a[1])
  .slice(0, 3)
  .map(([s]) => s)
  .sort((a, b) => Number(a) - Number(b));
const spectrumDir = join(fitDir, 'spectrum');
dmsfit([
  'spectrum',
  '--model',
  shown(join(fitDir, 'model.json')),
  '--sites',
  sites.join(','),
  '--binary',
  '--out',
  shown(spectrumDir),
]);
const spectrum = JSON.parse(readFileSync(join(spectrumDir, 'spectrum.json'), 'utf8'));

// 4. Against the simulation's truth.
const truth = new Map(table(TRUTH).map((t) => [t.mutation, t]));
const known = mutations.filter((m) => truth.has(m.mutation));
const betaR = pearson(
  known.map((m) => +m.beta_B1),
  known.map((m) => +truth.get(m.mutation).beta_B1),
);
// A shift counts as found when the lasso keeps it (non-zero) and, for the confident set, when it
// also stands the fit's confidentZ standard errors from zero (fit.json; 1.645: a normal 90 %
// interval excludes 0), as the panel and fit.json's confidentShifts count them.
const { confidentZ } = JSON.parse(readFileSync(join(fitDir, 'fit.json'), 'utf8'));
if (!(confidentZ > 0)) throw new Error(`${fitDir}/fit.json has no confidentZ`);
const support = ['B2', 'B3'].map((c) => {
  const real = known.filter((m) => Math.abs(+truth.get(m.mutation)[`shift_${c}`]) > 0).length;
  const score = (found) => {
    const hit = found.filter((m) => Math.abs(+truth.get(m.mutation)[`shift_${c}`]) > 0).length;
    return { found: found.length, precision: hit / found.length, recall: hit / real };
  };
  const nonzero = known.filter((m) => +m[`shift_${c}`] !== 0);
  const confident = nonzero.filter(
    (m) => m.identified === 'true' && Math.abs(+m[`shift_${c}`]) >= confidentZ * +m[`se_shift_${c}`],
  );
  return { c, nonzero: score(nonzero), confident: score(confident) };
});

// 5. Headline numbers.
const r3 = (v) => (v == null ? 'none' : v.toFixed(3));
const agreement = (what) => r3(collection.allVariants?.[`${what}Agreement`]);
const pathAgreement = (what) =>
  r3(collection.recommended.perLambda.find((p) => p.lambda === lambda)?.[`${what}Agreement`]);
const atLambda = rows.filter((r) => +r.lambda === lambda);
const converged = rows.filter((r) => r.converged === 'true').length;
const pct = (x) => `${(100 * x).toFixed(0)}%`;
const lines = [
  '',
  '=== DMS Fit demo ===',
  `data         ${shown(EXAMPLE)}: 24,000 simulated variants, backgrounds B1 (reference), B2, B3, two libraries`,
  `fits         ${converged}/${rows.length} converged (λ ${LAMBDAS} × 2 libraries)`,
  `recommended  λ = ${lambda} (decided by ${collection.recommended.decidedBy}; every criterion per λ in collection.json)`,
  `validation   loss at λ = ${lambda}: ${['B1', 'B2', 'B3'].map((c) => `${c} ${mean(atLambda.map((r) => +r[`loss_validation_${c}`])).toFixed(4)}`).join(', ')}`,
  `shifts       non-zero at λ = ${lambda}: ${['B2', 'B3'].map((c) => `${c} ${mean(atLambda.map((r) => +r[`nonzero_shifts_${c}`])).toFixed(0)}`).join(', ')} of ${known.length} mutations`,
  `combined     both libraries together at λ = ${lambda}: ${shown(fitDir)}/`,
  `agreement    between the libraries at λ = ${lambda}: shift r ${agreement('shift')}, β r ${agreement('beta')} (each refitted on all its variants; the path's fits, on 80 %: ${pathAgreement('shift')}, ${pathAgreement('beta')})`,
  `vs truth     β (B1) Pearson r = ${betaR.toFixed(3)}; confident shifts ${support.map((s) => `${s.c} ${s.confident.found}: precision ${pct(s.confident.precision)}, recall ${pct(s.confident.recall)}`).join('; ')}`,
  `             (all ${support.map((s) => `${s.nonzero.found} non-zero in ${s.c}: precision ${pct(s.nonzero.precision)}, recall ${pct(s.nonzero.recall)}`).join('; ')})`,
  `interactions sites ${sites.join(', ')}: ${spectrum.conditions.map((c) => `${c.condition} ruggedness ${c.ruggedness.toFixed(2)}, ${pct(1 - c.orders[1].share)} of variance above order 1`).join('; ')}`,
  `results      ${shown(results)}/`,
  `report       ${shown(join(results, 'report.html'))}`,
  `spectrum     ${shown(spectrumDir)}/`,
  `time         ${((performance.now() - t0) / 1000).toFixed(1)} s`,
];
process.stdout.write(lines.join('\n') + '\n');
