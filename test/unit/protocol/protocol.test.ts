/** Every protocol message survives the trip (JSON and structured clone); malformed ones are rejected. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deserialize, serialize } from 'node:v8';
import { resolveDataOptions } from '../../../src/core/data/options.ts';
import { resolveModelOptions } from '../../../src/core/model/options.ts';
import { resolveSolverOptions } from '../../../src/core/solve/options.ts';
import {
  fromWire,
  parseFitterMessage,
  parseHostMessage,
  toWire,
  type FitterToHost,
  type HostToFitter,
} from '../../../src/protocol/fitter.ts';
import { parsePanelMessage } from '../../../src/protocol/panel.ts';
import { alphabet } from '../../../src/core/data/alphabet.ts';
import { loadedModel } from '../../../src/core/fit/modelFile.ts';
import { spectrum } from '../../../src/core/spectrum/spectrum.ts';
import { tinyModel } from '../support/models.ts';

const job = {
  inputs: [{ path: '/data/a.csv', condition: 'BA.2', replicate: '1' }],
  data: resolveDataOptions({ reference: 'Delta', clip: { low: 'median-stop' } }),
  model: resolveModelOptions({ lock: { ge_scale: 3 } }),
  solver: resolveSolverOptions({}),
  lasso: [1e-4, 1e-5],
  out: '/data/a.dmsfit',
  holdout: { fraction: 0.2, seed: 1 },
  version: '0.1.0',
};

const metrics = { variants: 10, loss: 0.1, lossStdErr: 0.01, huberLoss: 0.1, r2: 0.9, pearson: 0.95 };

const hostMessages: HostToFitter[] = [
  { type: 'run', id: 'fit', job: toWire(job) },
  { type: 'run', id: 'fit2', job: toWire(job), threads: 2 },
  { type: 'validate', id: 'v1', inputs: [{ path: 'x.csv', text: 'a,b\n1,2\n' }], data: resolveDataOptions() },
  { type: 'cancel', id: 'fit' },
  { type: 'threads', id: 'fit', count: 2 },
  { type: 'report', id: 'r1', folder: '/data/a.dmsfit', title: 'a' },
  {
    type: 'spectrum',
    id: 's1',
    folder: '/data/a.dmsfit',
    fit: 'replicate-lib_201/lambda-1e-05',
    request: { sites: ['498', '501', '214a'], scale: 'observed', binary: true },
  },
  {
    type: 'lambda-max',
    id: 'l1',
    job: toWire({ ...job, lassoGrid: { lambdaMax: 2e-3, points: 10, ratio: 1e-3 } }),
  },
  { type: 'shutdown' },
];

const fitterMessages: FitterToHost[] = [
  { type: 'ready', pid: 42, version: '0.1.0' },
  {
    type: 'prepared',
    id: 'fit',
    summary: {
      conditions: [
        {
          name: 'a',
          isReference: true,
          inputRows: 3,
          variants: 3,
          kept: 2,
          dropped: { 'unknown-wildtype': 1 },
          bundle: [],
          meanRowSum: { reference: 1.5, scaled: 1.5 },
        },
      ],
      reference: 'a',
      mutations: 4,
      sites: 2,
      collapse: 'none',
      unknownWildtypeSites: ['2'],
      invalidBundleSites: [],
      inputRows: 3,
      rejectedRows: 0,
      keptVariants: 2,
    },
    rowSums: [{ condition: 'a', encoding: 'scaled', rowSum: 1, count: 2 }],
  },
  {
    type: 'progress',
    id: 'fit',
    lambda: 1e-5,
    lambdaIndex: 0,
    lambdaCount: 2,
    iteration: 3,
    objective: 0.5,
    lossPerCondition: [0.4, 0.6],
    penalty: 0.01,
    stationarity: null,
    elapsedMs: 12.5,
  },
  {
    type: 'fitted',
    id: 'fit',
    dir: '/data/a.dmsfit',
    summary: {
      lambda: 1e-5,
      solver: 'auto',
      converged: false,
      cancelled: false,
      stopReason: 'iteration-cap',
      stopDetail: 'not converged: iteration cap reached',
      advice: { text: 'raise the iteration cap', option: 'maxIterations', value: 40000 },
      stationarity: 1e-7,
      tolerance: 1e-6,
      iterations: 20,
      dataPasses: 40,
      seconds: 1.5,
      objective: 0.1,
      penalty: 0.01,
      theta: { ge_scale: 6, ge_bias: -5 },
      health: { flatVariants: 3, flatShare: 0.01, diverging: [], divergingCount: 0, atBound: [] },
      stopShiftShare: 0.02,
      confidentZ: 1.645,
      starts: [
        {
          from: 'warm',
          solver: 'auto',
          stopReason: 'iteration-cap',
          objective: 0.1,
          iterations: 20,
          seconds: 1.5,
          chosen: true,
        },
      ],
      warnings: ['a: the validation loss is 9× the training loss'],
      conditions: {
        a: {
          training: metrics,
          validation: metrics,
          coldValidationLoss: 1.3,
          nonzeroShifts: 0,
          confidentShifts: 0,
          beta0: 1,
          wildtype: { latent: 4, funcScore: 0 },
          notIdentifiable: { 'single-variant': 2, saturated: 1, unseen: 0 },
          topShifts: [{ mutation: 'M1A', shift: -1.2 }],
        },
      },
    },
  },
  {
    type: 'validated',
    id: 'v1',
    diagnostics: [
      {
        file: 'x.csv',
        line: 2,
        start: 0,
        end: 1,
        severity: 'error',
        code: 'synonymous',
        message: 'm',
        relatedLine: 1,
      },
    ],
    errors: 1,
    warnings: 0,
    rows: 1,
    conditions: ['a', 'b'],
    replicates: [],
  },
  { type: 'report-progress', id: 'r1', done: 2, total: 9, name: 'loss-curves' },
  {
    type: 'reported',
    id: 'r1',
    report: '/data/a.dmsfit/report.html',
    plots: ['/data/a.dmsfit/plots/row-sums.svg'],
    specs: [{ name: 'row-sums', spec: { width: 640, marks: [] } }],
  },
  {
    type: 'spectrum-result',
    id: 's1',
    out: '/data/a.dmsfit/lambda-0.00001/spectrum',
    result: spectrum(loadedModel(tinyModel(), alphabet('aa-stop').letters), {
      sites: ['1', '3'],
      binary: { repeats: 3, seed: 1 },
    }),
  },
  { type: 'error', id: 'fit', message: 'bad input', file: 'x.csv', line: 3, diagnostics: [] },
  { type: 'done', id: 'fit', cancelled: false, out: '/data/a.dmsfit', seconds: 2 },
  { type: 'lambda-max-found', id: 'l1', lambdaMax: 2.1e-3, iterations: 12, seconds: 0.8 },
];

/**
 * Same data, whatever the prototypes: records keyed by names parse into null-prototype objects
 * (nameRecord.ts), which strict deepEqual would tell from `{}`. A structured clone makes both plain.
 */
function sameData(actual: unknown, expected: unknown, message: string): void {
  assert.deepEqual(deserialize(serialize(actual)), deserialize(serialize(expected)), message);
}

test('every host → fitter message round-trips through JSON and structured clone', () => {
  for (const m of hostMessages) {
    sameData(parseHostMessage(JSON.parse(JSON.stringify(m))), m, m.type);
    sameData(parseHostMessage(deserialize(serialize(m))), m, m.type);
  }
});

test('every fitter → host message round-trips through JSON and structured clone', () => {
  const types = new Set(fitterMessages.map((m) => m.type));
  assert.deepEqual([...types].sort(), [
    'done',
    'error',
    'fitted',
    'lambda-max-found',
    'prepared',
    'progress',
    'ready',
    'report-progress',
    'reported',
    'spectrum-result',
    'validated',
  ]);
  for (const m of fitterMessages) {
    sameData(parseFitterMessage(JSON.parse(JSON.stringify(m))), m, m.type);
    sameData(parseFitterMessage(deserialize(serialize(m))), m, m.type);
  }
});

test('a job survives the wire, Infinity time caps included', () => {
  const message = parseHostMessage(JSON.parse(JSON.stringify({ type: 'run', id: 'x', job: toWire(job) })));
  assert.equal(message.type, 'run');
  const back = fromWire((message as Extract<HostToFitter, { type: 'run' }>).job);
  sameData(back, job, 'job');
  assert.equal(back.solver.maxSeconds, Infinity);
});

test('unknown and malformed messages are rejected with a reason', () => {
  assert.throws(() => parseHostMessage({ type: 'explode' }), /malformed message to the fitter/);
  assert.throws(() => parseHostMessage({ type: 'cancel' }), /id/);
  assert.throws(() => parseHostMessage({ type: 'cancel', id: 'a', extra: 1 }), /extra/);
  assert.throws(() => parseHostMessage({ type: 'threads', id: 'a', count: 0 }), /count/);
  assert.throws(
    () => parseFitterMessage({ type: 'done', id: 'a', cancelled: 'no', seconds: 1 }),
    /malformed message from the fitter/,
  );
  assert.throws(() => parseFitterMessage(null), /malformed/);
  assert.throws(
    () => parsePanelMessage({ type: 'ready', injected: '<script>' }),
    /Malformed message from the panel/,
  );
  // A grid the panel asks for obeys the same limits as typed text and the CLI (lassoText.ts).
  const grid = (points: number, ratio = 1e-3) =>
    parsePanelMessage({ type: 'fit', options: { lassoGrid: { points, ratio } } });
  assert.equal(grid(50).type, 'fit');
  for (const [points, ratio] of [
    [1, 1e-3],
    [51, 1e-3],
    [2.5, 1e-3],
    [10, 1],
    [10, 0],
  ] as const)
    assert.throws(() => grid(points, ratio), /2 to 50 points and a ratio in \(0, 1\)/, `${points} ${ratio}`);
  const spectrumRequest = { sites: ['1'], scale: 'observed', binary: false };
  assert.equal(parsePanelMessage({ type: 'spectrum', fit: '.', request: spectrumRequest }).type, 'spectrum');
  assert.throws(
    () =>
      parsePanelMessage({
        type: 'spectrum',
        fit: '.',
        request: { ...spectrumRequest, sites: ['1; rm -rf'] },
      }),
    /sites/,
  );
  // A fit is named by its folder in the results layout: no other path gets through.
  for (const fit of [
    '.',
    'lambda-1e-05',
    'combined',
    'replicate-lib_201',
    'replicate-A/all-variants',
    'replicate-A/lambda-5e-5',
  ])
    assert.equal(parsePanelMessage({ type: 'load-fit', fit }).type, 'load-fit', fit);
  for (const fit of [
    '..',
    '../x',
    '/etc',
    'lambda-1/../../x',
    'replicate-A/..',
    'replicate-../x',
    'data',
    'lambda-1\\..',
    '',
    'combined/lambda-1',
  ])
    assert.throws(() => parsePanelMessage({ type: 'load-fit', fit }), /not a fit folder/, fit);
});

test('conditions named __proto__, constructor and toString survive the wire as own keys (zod records would drop __proto__)', () => {
  const fitted = fitterMessages.find((m) => m.type === 'fitted')! as Extract<
    FitterToHost,
    { type: 'fitted' }
  >;
  const a = (fitted.summary as { conditions: Record<string, unknown> }).conditions.a;
  const conditions = JSON.parse(
    `{"__proto__": ${JSON.stringify(a)}, "constructor": ${JSON.stringify(a)}, "toString": ${JSON.stringify(a)}}`,
  ) as Record<string, unknown>;
  const wire = JSON.parse(JSON.stringify({ ...fitted, summary: { ...fitted.summary, conditions } }));
  const back = parseFitterMessage(wire) as Extract<FitterToHost, { type: 'fitted' }>;
  const parsed = (back.summary as { conditions: Record<string, unknown> }).conditions;
  assert.deepEqual(Object.keys(parsed), ['__proto__', 'constructor', 'toString']);
  assert.equal(Object.getPrototypeOf(parsed), null);
  for (const name of Object.keys(parsed)) sameData(parsed[name], a, name);
});
