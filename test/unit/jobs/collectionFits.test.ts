/**
 * How a collection's fits at the recommended λ are named (resultsLayout.ts), counted (plannedFitJobs)
 * and listed in the panel's fit menu: job ids and folders map back to the labels the panel shows,
 * for replicate names that need escaping too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  allVariantsFolder,
  allVariantsLabel,
  childFitId,
  COMBINED_FOLDER,
  COMBINED_REPLICATE,
  isFitId,
  jobReplicate,
  lambdaFolder,
  TOP_FIT,
  replicateFolder,
  replicateOfFolder,
} from '../../../src/core/io/resultsLayout.ts';
import { plannedFitJobs } from '../../../src/jobs/collection.ts';
import { fitMenu } from '../../../src/webview/ui/fitMenu.ts';
import type { FitRef, ResultsIndex } from '../../../src/plots/model.ts';

test('job ids and folders name the replicate they fit, and the all-variant refits as such', () => {
  assert.equal(jobReplicate('fit'), '');
  assert.equal(jobReplicate(COMBINED_FOLDER), COMBINED_REPLICATE);
  for (const r of ['Lib1', 'lib 2/b', 'ü']) {
    assert.equal(jobReplicate(replicateFolder(r)), r);
    assert.equal(jobReplicate(allVariantsFolder(r)), allVariantsLabel(r));
    // A fit's id is its folder: each one the layout writes is an id, and names its replicate.
    const path = childFitId(replicateFolder(r), lambdaFolder(1e-5));
    for (const id of [replicateFolder(r), allVariantsFolder(r), path]) assert.ok(isFitId(id), id);
    assert.equal(jobReplicate(path), r);
    assert.ok(!replicateFolder(r).includes('/'), replicateFolder(r));
    assert.equal(replicateOfFolder(replicateFolder(r)), r);
  }
  assert.equal(allVariantsFolder('lib 2/b'), 'replicate-lib_202_2Fb/all-variants');
  for (const lambda of [1e-5, 5.5e-5, 0, 1.234567890123e-7, 3e-21])
    assert.ok(isFitId(childFitId(TOP_FIT, lambdaFolder(lambda))), lambdaFolder(lambda));
  assert.equal(childFitId(TOP_FIT, COMBINED_FOLDER), COMBINED_FOLDER);
  assert.equal(jobReplicate(TOP_FIT), '');
});

test('planned jobs: one per replicate, and with a hold-out over replicates the combined fit and a refit each', () => {
  assert.equal(plannedFitJobs(0, true), 1);
  assert.equal(plannedFitJobs(1, true), 1);
  assert.equal(plannedFitJobs(2, false), 2);
  assert.equal(plannedFitJobs(2, true), 5);
  assert.equal(plannedFitJobs(3, true), 7);
});

test('the fit menu lists the combined fit, then the refits at the recommended λ, then the path', () => {
  const ref = (lambda: number, replicate: string, converged = true): FitRef =>
    ({ lambda, replicate, converged, stopDetail: converged ? 'converged' : 'iteration cap' }) as FitRef;
  const path = [ref(1e-4, 'A'), ref(1e-4, 'B'), ref(1e-5, 'A'), ref(1e-5, 'B', false)];
  const index = {
    fits: path,
    recommendedLambda: 1e-4,
    recommendedBy: 'replicate agreement',
    combined: ref(1e-4, COMBINED_REPLICATE),
    allVariants: [ref(1e-4, allVariantsLabel('A')), ref(1e-4, allVariantsLabel('B'))],
  } as unknown as ResultsIndex;
  assert.deepEqual(
    fitMenu(index).map((e) => e.label),
    [
      'λ 1e-4 all replicates (combined, at the recommended λ)',
      'λ 1e-4 rep A (all variants)',
      'λ 1e-4 rep B (all variants)',
      'λ 1e-4 rep A (recommended by agreement)',
      'λ 1e-4 rep B (recommended by agreement)',
      'λ 1e-5 rep A',
      'λ 1e-5 rep B — iteration cap',
    ],
  );
  assert.deepEqual(
    fitMenu({ fits: path.slice(0, 1), recommendedLambda: null } as unknown as ResultsIndex).map(
      (e) => e.label,
    ),
    ['λ 1e-4 rep A'],
  );
});
