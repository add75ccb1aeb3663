import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitsTable } from '../../../../../src/core/fit/pathTable.ts';
import type { FitSummary } from '../../../../../src/core/fit/fitSummary.ts';
import { formatNumber, notIdentifiableText } from '../../../../../src/plots/format.ts';

function summary(lambda: number, validation: boolean): FitSummary {
  const metrics = (loss: number) => ({ loss }) as FitSummary['conditions'][string]['training'];
  const condition = (loss: number, shifts: number) => ({
    training: metrics(loss),
    ...(validation ? { validation: metrics(loss + 0.5) } : {}),
    nonzeroShifts: shifts,
    confidentShifts: shifts,
    beta0: 0,
    wildtype: { latent: 0, funcScore: 0 },
    notIdentifiable: { 'single-variant': 0, saturated: 0, unseen: 0 },
    topShifts: [],
  });
  return {
    lambda,
    solver: 'auto',
    converged: lambda > 1e-5,
    cancelled: false,
    stopReason: lambda > 1e-5 ? 'converged' : 'iteration-cap',
    stopDetail: '',
    advice: null,
    stationarity: 1e-7,
    tolerance: 1e-6,
    iterations: 12,
    dataPasses: 30,
    seconds: 1.5,
    objective: 0.25,
    penalty: 0.01,
    theta: {},
    health: { flatVariants: 0, flatShare: 0, diverging: [], divergingCount: 0, atBound: [] },
    stopShiftShare: null,
    confidentZ: 1.645,
    starts: [],
    warnings: lambda > 1e-5 ? [] : ['a: overfit', 'b: overfit'],
    conditions: { a: condition(0.1, 0), b: condition(0.2, 7) },
  };
}

test('fits table: a path (no replicate column) and a collection (replicate after λ), same cells', () => {
  const fits = [summary(1e-4, true), summary(1e-5, false)];
  const path = fitsTable(['a', 'b'], fits);
  assert.deepEqual(path.columns, [
    'lambda',
    'converged',
    'stop_reason',
    'iterations',
    'seconds',
    'objective',
    'loss_training_a',
    'loss_validation_a',
    'nonzero_shifts_a',
    'loss_training_b',
    'loss_validation_b',
    'nonzero_shifts_b',
    'warnings',
  ]);
  assert.deepEqual(path.rows[0], [1e-4, true, 'converged', 12, 1.5, 0.25, 0.1, 0.6, 0, 0.2, 0.7, 7, '']);
  assert.deepEqual(path.rows[1], [
    1e-5,
    false,
    'iteration-cap',
    12,
    1.5,
    0.25,
    0.1,
    NaN,
    0,
    0.2,
    NaN,
    7,
    'a: overfit; b: overfit',
  ]);
  const collection = fitsTable(['a', 'b'], fits, ['1', '2']);
  assert.deepEqual(collection.columns, ['lambda', 'replicate', ...path.columns.slice(1)]);
  assert.deepEqual(collection.rows[1], [1e-5, '2', ...path.rows[1]!.slice(1)]);
});

test('formatNumber: separators for counts, exponent for small values, significant digits otherwise', () => {
  assert.equal(formatNumber(372417), '372,417');
  assert.equal(formatNumber(5e-5), '5.0e-5');
  assert.equal(formatNumber(0.123456), '0.123');
  assert.equal(formatNumber(0.123456, 4), '0.1235');
  assert.equal(formatNumber(70.93, 4), '70.93');
  assert.equal(formatNumber(0), '0');
  for (const missing of [null, undefined, NaN, Infinity]) assert.equal(formatNumber(missing), '—');
});

test('notIdentifiableText: one condition, the CLI and the panel alike; nothing when all are identified', () => {
  assert.equal(
    notIdentifiableText('high_ACE2', { 'single-variant': 803, saturated: 314, unseen: 0 }),
    'high_ACE2: 1,117 (314 saturated, 803 in one variant, 0 unseen)',
  );
  assert.equal(notIdentifiableText('a', { 'single-variant': 0, saturated: 0, unseen: 0 }), '');
});
