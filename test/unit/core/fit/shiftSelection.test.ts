/**
 * Shifts you can trust (issue 25), on simulated two-library data with a known truth, fitted as a
 * user would: a λ grid from λ_max, hold-out 0.2, each library separately, then the collection's
 * combined fit of both libraries at the recommended λ. Its confident shifts (non-zero, identified,
 * 1.645 standard errors from zero) must recover the true support with F1 ≥ 0.7 in every
 * condition, and its shifts must correlate with the true ones at r ≥ 0.8. The lasso's support
 * alone at the same λ, scored beside them, shows what the standard errors add.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveDataOptions } from '../../../../src/core/data/options.ts';
import { resolveModelOptions } from '../../../../src/core/model/options.ts';
import { resolveSolverOptions } from '../../../../src/core/solve/options.ts';
import { CONFIDENT_Z } from '../../../../src/core/fit/standardErrors.ts';
import { writeSimulation } from '../../../../src/core/simulate/write.ts';
import { resolveSimulation, simulateTruth } from '../../../../src/core/simulate/simulate.ts';
import { pearson } from '../../../../src/core/stats.ts';
import { readCsv, readResultsIndex } from '../../../../src/results/readResults.ts';
import { readFitDetail } from '../../../../src/results/readFitDetail.ts';
import { chosenFit } from '../../../../src/plots/model.ts';
import { runCollection } from '../../../../src/jobs/collection.ts';
import {
  allVariantsFolder,
  allVariantsLabel,
  COMBINED_FOLDER,
  COMBINED_REPLICATE,
} from '../../../../src/core/io/resultsLayout.ts';
import { bundles } from '../../../support/bundles.ts';
import { DEFAULT_LASSO } from '../../../../src/core/fit/lassoText.ts';

function f1(found: Set<string>, real: Set<string>) {
  const hit = [...found].filter((m) => real.has(m)).length;
  const precision = found.size > 0 ? hit / found.size : 0;
  const recall = hit / real.size;
  return {
    precision,
    recall,
    f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
  };
}

for (const [seed, sites, variants] of [
  [2, 40, 5000],
  [3, 30, 4000],
] as const) {
  test(`simulated two libraries, three conditions (seed ${seed}): the combined fit's confident shifts have F1 ≥ 0.7 and r ≥ 0.8 with the truth`, async () => {
    const { fitter } = await bundles();
    const dir = mkdtempSync(join(tmpdir(), 'dmsfit-selection-'));
    const data = join(dir, 'sim.csv');
    const truth = simulateTruth(
      resolveSimulation({
        seed,
        sites,
        variantsPerCondition: variants,
        replicates: 2,
        conditions: ['h1', 'h2', 'h3'],
      }),
    );
    const files = await writeSimulation(truth, data);
    const out = join(dir, 'sim.dmsfit');
    const result = await runCollection(
      {
        base: {
          inputs: [{ path: data }],
          data: resolveDataOptions({
            reference: 'h1',
            columns: { ...resolveDataOptions().columns, replicate: 'replicate' },
          }),
          model: resolveModelOptions({}),
          solver: resolveSolverOptions({}),
          lasso: [...DEFAULT_LASSO],
          holdout: { fraction: 0.2, seed: 0 },
          version: 'test',
        },
        out,
        writer: 'a test',
        lassoGrid: { points: 10, ratio: 1e-3 },
        replicates: ['1', '2'],
      },
      { script: fitter, concurrency: 2 },
    );
    assert.equal(result.status, 'done');
    const lambda = result.recommended?.lambda;
    assert.ok(lambda, 'a λ is recommended');
    assert.equal(result.combined?.lambda, lambda);
    assert.ok(result.combined?.converged, result.combined?.stopDetail);
    const collection = JSON.parse(readFileSync(join(out, 'collection.json'), 'utf8'));
    assert.deepEqual(collection.combined, { folder: COMBINED_FOLDER, lambda, converged: true });

    // Each replicate refitted at λ on all its variants: the held-out fifth too, and its agreement.
    const refits = result.allVariants!;
    assert.deepEqual(
      refits.fits.map((f) => [f.replicate, f.summary.lambda, f.summary.converged]),
      [
        ['1', lambda, true],
        ['2', lambda, true],
      ],
    );
    for (const { replicate, summary } of refits.fits) {
      const path = result.fits.find((f) => f.replicate === replicate && f.summary.lambda === lambda)!;
      for (const c of ['h1', 'h2', 'h3']) {
        const [all, training] = [
          summary.conditions[c]!.training.variants,
          path.summary.conditions[c]!.training.variants,
        ];
        assert.ok(all > 1.2 * training && all < 1.3 * training, `${replicate} ${c}: ${all} vs ${training}`);
        assert.equal(summary.conditions[c]!.validation, undefined);
      }
    }
    assert.deepEqual(collection.allVariants, {
      lambda,
      fits: ['1', '2'].map((r) => ({ replicate: r, folder: allVariantsFolder(r), converged: true })),
      shiftAgreement: refits.shiftAgreement,
      betaAgreement: refits.betaAgreement,
    });
    const pathAgreement = result.recommended!.perLambda.find((p) => p.lambda === lambda)!;
    assert.ok(refits.betaAgreement! > 0.9, `β r ${refits.betaAgreement}`);
    assert.ok(refits.shiftAgreement! > 0.5, `shift r ${refits.shiftAgreement}`);

    // The panel and the report list the combined fit, show it first, and read it.
    const index = (await readResultsIndex(out))!;
    assert.equal(index.combined?.replicate, COMBINED_REPLICATE);
    assert.equal(chosenFit(index), index.combined);
    assert.equal((await readFitDetail(out, COMBINED_FOLDER))?.replicate, COMBINED_REPLICATE);
    assert.deepEqual(
      index.allVariants?.map((f) => [f.replicate, f.lambda]),
      [allVariantsLabel('1'), allVariantsLabel('2')].map((r) => [r, lambda]),
    );
    const refitDetail = await readFitDetail(out, allVariantsFolder('2'));
    assert.equal(refitDetail?.replicate, allVariantsLabel('2'));
    // The refits' correlations are their own rows, beside the path's at every λ.
    const refitRows = index.correlations.filter((r) => r.fits === 'all-variants');
    assert.ok(refitRows.length > 0 && refitRows.every((r) => r.lambda === lambda));
    assert.ok(index.correlations.filter((r) => r.fits === 'path').length > refitRows.length);
    console.log(
      `seed ${seed}: agreement at λ ${lambda}: path fits shift r ${pathAgreement.shiftAgreement?.toFixed(3)}, β r ${pathAgreement.betaAgreement?.toFixed(3)}; all-variant refits shift r ${refits.shiftAgreement?.toFixed(3)}, β r ${refits.betaAgreement?.toFixed(3)}`,
    );

    const real = new Map((await readCsv(files.truthCsv)).rows.map((r) => [r.mutation!, r]));
    const fitted = (await readCsv(join(out, COMBINED_FOLDER, 'mutations.csv'))).rows.filter((r) =>
      real.has(r.mutation!),
    );
    assert.ok(fitted.length > 0.9 * real.size, `${fitted.length} of ${real.size} mutations fitted`);
    for (const c of ['h2', 'h3']) {
      const truthShift = (m: string) => Number(real.get(m)![`shift_${c}`]);
      const shifted = new Set(fitted.filter((r) => truthShift(r.mutation!) !== 0).map((r) => r.mutation!));
      const nonzero = fitted.filter((r) => Number(r[`shift_${c}`]) !== 0);
      const confident = nonzero.filter(
        (r) =>
          r.identified === 'true' &&
          Math.abs(Number(r[`shift_${c}`])) >= CONFIDENT_Z * Number(r[`se_shift_${c}`]),
      );
      const lasso = f1(new Set(nonzero.map((r) => r.mutation!)), shifted);
      const kept = f1(new Set(confident.map((r) => r.mutation!)), shifted);
      const r = pearson(
        fitted.map((x) => Number(x[`shift_${c}`])),
        fitted.map((x) => truthShift(x.mutation!)),
      );
      const said = `${c}: confident ${confident.length} P ${kept.precision.toFixed(2)} R ${kept.recall.toFixed(2)} F1 ${kept.f1.toFixed(2)}; lasso support ${nonzero.length} F1 ${lasso.f1.toFixed(2)}; shift r ${r.toFixed(3)}`;
      assert.ok(kept.f1 >= 0.7, said);
      assert.ok(kept.f1 > lasso.f1, said);
      assert.ok(r >= 0.8, said);
      // fit.json counts the same confident shifts.
      assert.equal(result.combined!.conditions[c]!.confidentShifts, confident.length, said);
    }
  });
}
