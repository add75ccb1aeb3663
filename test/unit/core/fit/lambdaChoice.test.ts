/** The recommended λ: the one-standard-error rule, among λ whose fits all converged. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recommendLambda, type ValidationRecord } from '../../../../src/core/fit/lambdaChoice.ts';

const record = (lambda: number, loss: number, converged = true, replicate = ''): ValidationRecord => ({
  lambda,
  replicate,
  converged,
  conditions: [
    { loss, lossStdErr: 0.01 },
    { loss, lossStdErr: 0.01 },
  ],
});

test('the largest λ within one standard error of the smallest mean validation loss', () => {
  // SE of the mean over two conditions: √(0.01² + 0.01²)/2 = 0.00707.
  const c = recommendLambda([record(1e-3, 0.2), record(1e-4, 0.105), record(1e-5, 0.1)])!;
  assert.equal(c.lambda, 1e-4);
  assert.equal(c.minimum!.lambda, 1e-5);
  assert.deepEqual(c.unconverged, []);
  assert.equal(recommendLambda([]), undefined);
});

test('an unconverged fit is never recommended; with replicates, one unconverged replicate rules its λ out', () => {
  const c = recommendLambda([record(1e-3, 0.2), record(1e-4, 0.105, false), record(1e-5, 0.1)])!;
  assert.equal(c.lambda, 1e-5);
  assert.deepEqual(c.unconverged, [1e-4]);
  const reps = recommendLambda([
    record(1e-4, 0.1, true, '1'),
    record(1e-4, 0.1, false, '2'),
    record(1e-5, 0.3, true, '1'),
    record(1e-5, 0.3, true, '2'),
  ])!;
  assert.equal(reps.lambda, 1e-5);
});

test('when no λ converged, no λ is recommended and the choice says why', () => {
  const c = recommendLambda([record(1e-4, 0.1, false), record(1e-5, 0.1, false)])!;
  assert.equal(c.lambda, null);
  assert.match(c.reason!, /λ = 0\.0001, λ = 0\.00001 did not converge/);
  assert.equal(c.minimum, null);
});

const evidence = (lambda: number, shiftAgreement: number | null, stopShiftShare: number | null = 0) => ({
  lambda,
  shiftAgreement,
  betaAgreement: 0.8,
  stopShiftShare,
});

test('among the candidates the one whose shifts agree best between replicates is chosen, and the choice says so', () => {
  // Candidates (within 0.00707 of 0.1): 1e-3 (all shifts zero: no agreement), 1e-4, 5e-5, 1e-5.
  const records = [
    record(1e-3, 0.104),
    record(1e-4, 0.103),
    record(5e-5, 0.1),
    record(1e-5, 0.102),
    record(1e-6, 0.2),
  ];
  const c = recommendLambda(records, [
    evidence(1e-3, null),
    evidence(1e-4, 0.5),
    evidence(5e-5, 0.6),
    evidence(1e-5, 0.55),
    evidence(1e-6, 0.9),
  ])!;
  assert.equal(c.lambda, 5e-5);
  assert.equal(c.decidedBy, 'replicate agreement');
  assert.deepEqual(
    c.perLambda.map((p) => [p.lambda, p.candidate, p.shiftAgreement]),
    [
      [1e-3, true, null],
      [1e-4, true, 0.5],
      [5e-5, true, 0.6],
      [1e-5, true, 0.55],
      [1e-6, false, 0.9],
    ],
  );
  // Without evidence the one-standard-error rule decides, as before.
  const alone = recommendLambda(records)!;
  assert.deepEqual([alone.lambda, alone.decidedBy], [1e-3, 'validation loss']);
});

test('a candidate with more than 5 % of its stop-codon shifts non-zero is left out', () => {
  const records = [record(1e-4, 0.103), record(5e-5, 0.1)];
  const c = recommendLambda(records, [evidence(1e-4, 0.5, 0.01), evidence(5e-5, 0.7, 0.2)])!;
  assert.equal(c.lambda, 1e-4);
  assert.deepEqual(
    c.perLambda.map((p) => p.candidate),
    [true, false],
  );
  // When every candidate fails on stops, the largest within one standard error stands in.
  const none = recommendLambda(records, [evidence(1e-4, 0.5, 0.3), evidence(5e-5, 0.7, 0.2)])!;
  assert.equal(none.lambda, 1e-4);
});

const unvalidated = (lambda: number, converged = true, replicate = '1'): ValidationRecord => ({
  lambda,
  replicate,
  converged,
  conditions: [],
});

test('without a hold-out, replicate agreement decides among the converged λ with few stop shifts', () => {
  const records = [1e-3, 1e-4, 5e-5, 1e-5, 1e-6].flatMap((l) => [
    unvalidated(l, l !== 1e-6, '1'),
    unvalidated(l, true, '2'),
  ]);
  const c = recommendLambda(records, [
    evidence(1e-3, null), // every shift zero
    evidence(1e-4, 0.7, 0.2), // best agreement but 20 % of the stop shifts non-zero
    evidence(5e-5, 0.6),
    evidence(1e-5, 0.5),
    evidence(1e-6, 0.9), // one replicate unconverged
  ])!;
  assert.equal(c.lambda, 5e-5);
  assert.equal(c.decidedBy, 'replicate agreement');
  assert.match(c.rule, /^without a hold-out/);
  assert.equal(c.minimum, null);
  assert.deepEqual(c.unconverged, [1e-6]);
  assert.deepEqual(
    c.perLambda.map((p) => [p.lambda, p.loss, p.candidate]),
    [
      [1e-3, null, true],
      [1e-4, null, false],
      [5e-5, null, true],
      [1e-5, null, true],
    ],
  );
  // Nothing in the choice is NaN (it is written to JSON as it is).
  assert.doesNotMatch(JSON.stringify(c), /NaN/);
});

test('without a hold-out or replicates there is nothing to choose from; when no λ qualifies, the choice says why', () => {
  assert.equal(
    recommendLambda([unvalidated(1e-4), unvalidated(1e-5)], [evidence(1e-4, null), evidence(1e-5, null)]),
    undefined,
  );
  const none = recommendLambda([unvalidated(1e-4, false), unvalidated(1e-5, false)], [evidence(1e-4, 0.5)])!;
  assert.equal(none.lambda, null);
  assert.match(none.reason!, /λ = 0\.0001, λ = 0\.00001 did not converge/);
  const stops = recommendLambda([unvalidated(1e-4)], [evidence(1e-4, 0.5, 0.5)])!;
  assert.equal(stops.lambda, null);
  assert.match(stops.reason!, /stop-codon shifts/);
});
