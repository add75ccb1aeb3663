/**
 * Fits as jobs in real child processes: cancellation, a worker killed mid-fit, malformed input,
 * and a parallel collection giving the same numbers as a serial one. Also the CLI's exit codes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveDataOptions } from '../../../src/core/data/options.ts';
import type { FitJobSpec } from '../../../src/core/fit/fitJob.ts';
import { resolveModelOptions } from '../../../src/core/model/options.ts';
import { resolveSolverOptions } from '../../../src/core/solve/options.ts';
import { RESULTS_MARKER } from '../../../src/core/io/atomicDir.ts';
import { runCollection } from '../../../src/jobs/collection.ts';
import { runJobs } from '../../../src/jobs/runJobs.ts';
import { bundles } from '../../support/bundles.ts';
import { simulatedCsv } from '../../support/simulatedCollection.ts';

function workspace(): string {
  return mkdtempSync(join(tmpdir(), 'dmsfit-jobs-'));
}

function spec(path: string, out: string, overrides: Partial<FitJobSpec> = {}): FitJobSpec {
  return {
    inputs: [{ path }],
    data: resolveDataOptions({ reference: 'h1', alphabet: 'aa-stop' }),
    model: resolveModelOptions(),
    lasso: [1e-4],
    solver: resolveSolverOptions({}),
    out,
    version: 'test',
    ...overrides,
  };
}

/** A previous result (a results folder, so a fit may replace it) the failed runs must leave untouched. */
function previousResults(out: string): string {
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, RESULTS_MARKER), '{}');
  writeFileSync(join(out, 'marker.txt'), 'earlier results');
  return readFileSync(join(out, 'marker.txt'), 'utf8');
}

function noTempFolders(dir: string): void {
  assert.deepEqual(
    readdirSync(dir).filter((n) => n.includes('.dmsfit-tmp-')),
    [],
  );
}

/** A fit that would run for minutes (tolerance 1e-14), over earlier results it must leave alone. */
function endlessJob(seed: number) {
  const dir = workspace();
  const data = simulatedCsv(dir, { seed, sites: 30, variantsPerCondition: 20_000 });
  const out = join(dir, 'results');
  const before = previousResults(out);
  const solver = resolveSolverOptions({ tolerance: 1e-14, solver: 'apg' });
  return { dir, out, before, job: { id: 'fit', spec: spec(data, out, { solver }) } };
}

test('a cancelled job stops promptly and leaves earlier results as they were', async () => {
  const { fitter } = await bundles();
  const { dir, out, before, job } = endlessJob(2);
  const abort = new AbortController();
  let cancelAt = 0;
  let doneAt = 0;
  const [outcome] = await runJobs([job], {
    script: fitter,
    concurrency: 1,
    signal: abort.signal,
    onMessage: (_id, m) => {
      if (m.type === 'progress' && m.iteration > 0 && !abort.signal.aborted) {
        cancelAt = performance.now();
        abort.abort();
      }
      if (m.type === 'done') doneAt = performance.now();
    },
  });
  assert.equal(outcome!.status, 'cancelled', JSON.stringify(outcome!.error));
  assert.ok(doneAt - cancelAt < 1000, `stopped ${doneAt - cancelAt} ms after the request`);
  assert.equal(readFileSync(join(out, 'marker.txt'), 'utf8'), before);
  noTempFolders(dir);
});

test('a cancelled job whose process must be killed on the way out is still cancelled, not failed', async () => {
  const { fitter } = await bundles();
  const { dir, out, before, job } = endlessJob(4);
  const abort = new AbortController();
  const [outcome] = await runJobs([job], {
    script: fitter,
    concurrency: 1,
    signal: abort.signal,
    killAfterMs: 0, // kill at once, before the fitter can answer the cancel request
    onMessage: (_id, m) => {
      if (m.type === 'progress' && m.iteration > 0) abort.abort();
    },
  });
  assert.equal(outcome!.status, 'cancelled');
  assert.equal(readFileSync(join(out, 'marker.txt'), 'utf8'), before);
  noTempFolders(dir);
});

test('a worker killed with SIGKILL mid-fit: the caller gets an error, earlier results survive, no temp folders', async () => {
  const { fitter } = await bundles();
  const { dir, out, before, job } = endlessJob(3);
  let pid = 0;
  const errors: string[] = [];
  const [outcome] = await runJobs([job], {
    script: fitter,
    concurrency: 1,
    onStart: (_id, p) => (pid = p),
    onMessage: (_id, m) => {
      if (m.type === 'progress' && m.iteration > 2 && pid) {
        process.kill(pid, 'SIGKILL');
        pid = 0;
      }
      if (m.type === 'error') errors.push(m.message);
    },
  });
  assert.equal(outcome!.status, 'failed');
  assert.match(outcome!.error!, /killed \(SIGKILL\)/);
  assert.ok(
    errors.some((e) => /SIGKILL/.test(e)),
    'error event delivered',
  );
  assert.equal(readFileSync(join(out, 'marker.txt'), 'utf8'), before);
  noTempFolders(dir);
});

test('malformed input: the error event carries the file and line', async () => {
  const { fitter } = await bundles();
  const dir = workspace();
  const path = join(dir, 'bad.csv');
  writeFileSync(path, 'condition,aa_substitutions,func_score\nh1,M1E,1\nh2,M1E,oops\n');
  const [outcome] = await runJobs([{ id: 'fit', spec: spec(path, join(dir, 'out')) }], {
    script: fitter,
    concurrency: 1,
  });
  assert.equal(outcome!.status, 'failed');
  const error = outcome!.messages.find((m) => m.type === 'error');
  assert.ok(error && error.type === 'error');
  assert.equal(error.file, path);
  assert.equal(error.line, 3);
  assert.equal(error.diagnostics?.[0]?.code, 'score-not-numeric');
  noTempFolders(dir);
});

test('a parallel collection gives the same numbers as a serial one', async () => {
  const { fitter } = await bundles();
  const dir = workspace();
  const data = simulatedCsv(dir, { seed: 4, sites: 25, variantsPerCondition: 6000, replicates: 2 });
  const base = {
    ...spec(data, ''),
    data: resolveDataOptions({
      reference: 'h1',
      alphabet: 'aa-stop',
      columns: { ...resolveDataOptions().columns, replicate: 'replicate' },
    }),
    lasso: [1e-4, 3e-5],
    holdout: { fraction: 0.2, seed: 9 },
  };
  const { out: _out, ...rest } = base;
  const runs = await Promise.all(
    [1, 2].map(async (concurrency) => {
      const out = join(dir, `collection-${concurrency}`);
      const r = await runCollection(
        { base: rest, out, writer: 'a test', replicates: ['1', '2'] },
        { script: fitter, concurrency },
      );
      assert.equal(r.status, 'done');
      return {
        r,
        csv: readFileSync(join(out, 'collection.csv'), 'utf8'),
        corr: readFileSync(join(out, 'correlations.csv'), 'utf8'),
      };
    }),
  );
  const withoutSeconds = (csv: string) => {
    const lines = csv.split('\n');
    const seconds = lines[0]!.split(',').indexOf('seconds');
    return lines.map((l) =>
      l
        .split(',')
        .filter((_, i) => i !== seconds)
        .join(','),
    );
  };
  assert.deepEqual(withoutSeconds(runs[0]!.csv), withoutSeconds(runs[1]!.csv));
  assert.equal(runs[0]!.corr, runs[1]!.corr);
  // Each correlation over the shared mutations and over those both replicates identify.
  const [head, ...rows] = runs[0]!.corr.trim().split('\n');
  assert.equal(
    head,
    'lambda,replicates,parameter,pearson_r,mutations,pearson_r_identified,mutations_identified,fits',
  );
  for (const row of rows) {
    const f = row.split(',');
    const [n, nIdentified] = [Number(f.at(-4)), Number(f.at(-2))];
    assert.ok(nIdentified > 0 && nIdentified <= n, row);
  }
  // The path's rows at every λ, then the all-variant refits' at the recommended one.
  const recommended = runs[0]!.r.recommended?.lambda;
  const refitRows = rows.filter((row) => row.endsWith(',all-variants'));
  assert.ok(refitRows.length > 0 && refitRows.every((row) => Number(row.split(',')[0]) === recommended));
  assert.equal(rows.filter((row) => row.endsWith(',path')).length + refitRows.length, rows.length);
  assert.equal(runs[0]!.r.recommended?.lambda, runs[1]!.r.recommended?.lambda);
  assert.ok(runs[0]!.r.recommended, 'a λ is recommended from the hold-out');
  noTempFolders(dir);
});

async function cli(
  args: string[],
  interruptAfterMs?: number,
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const { cli } = await bundles();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (interruptAfterMs !== undefined && stderr.includes('prepared')) {
        setTimeout(() => child.kill('SIGINT'), interruptAfterMs);
        interruptAfterMs = undefined;
      }
    });
    child.on('exit', (code) => resolve({ code, stderr, stdout }));
  });
}

test('dmsfit fit exit codes: 0 success (NDJSON), 1 input errors, 130 cancelled', async () => {
  const dir = workspace();
  const data = simulatedCsv(dir, { seed: 6, sites: 20, variantsPerCondition: 4000 });
  const ok = await cli(['fit', data, '-r', 'h1', '--alphabet', 'aa-stop', '--json', '-o', join(dir, 'ok')]);
  assert.equal(ok.code, 0, ok.stderr);
  const types = ok.stdout
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { type: string }).type);
  assert.deepEqual([...new Set(types)].sort(), ['done', 'fitted', 'prepared', 'progress']);

  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, 'condition,aa_substitutions,func_score\nh1,M1Z,1\n');
  const input = await cli(['fit', bad, '-r', 'h1', '-o', join(dir, 'bad')]);
  assert.equal(input.code, 1);
  assert.match(input.stderr, /bad\.csv:2:4: error letter-not-in-alphabet/);

  const cancelled = await cli(
    [
      'fit',
      data,
      '-r',
      'h1',
      '--alphabet',
      'aa-stop',
      '--solver',
      'apg',
      '--tolerance',
      '1e-14',
      '-o',
      join(dir, 'c'),
    ],
    300,
  );
  assert.equal(cancelled.code, 130, cancelled.stderr);
  noTempFolders(dir);
});

test('a collection on a λ grid: λ_max of all the data found first, every replicate fitted at the same λ, zero shifts at λ_max', async () => {
  const { fitter } = await bundles();
  const dir = workspace();
  const data = simulatedCsv(dir, { seed: 6, sites: 25, variantsPerCondition: 4000, replicates: 2 });
  // The grid replaces the base's λ list.
  const { out: _out, ...rest } = {
    ...spec(data, ''),
    data: resolveDataOptions({
      reference: 'h1',
      alphabet: 'aa-stop',
      columns: { ...resolveDataOptions().columns, replicate: 'replicate' },
    }),
  };
  const out = join(dir, 'grid');
  const seen: string[] = [];
  const r = await runCollection(
    { base: rest, out, writer: 'a test', replicates: ['1', '2'], lassoGrid: { points: 3, ratio: 0.01 } },
    { script: fitter, concurrency: 2, onMessage: (job, m) => void seen.push(`${job}:${m.type}`) },
  );
  assert.equal(r.status, 'done');
  assert.ok(seen.includes('lambda-max:lambda-max-found'));
  assert.equal(r.grid!.lambdas.length, 3);
  for (const replicate of ['1', '2']) {
    const fits = r.fits.filter((f) => f.replicate === replicate);
    assert.deepEqual(
      fits.map((f) => f.summary.lambda),
      r.grid!.lambdas,
    );
    // At λ_max (rounded up) the data of one replicate may just exceed the pooled data's bound.
    assert.ok(fits[0]!.summary.conditions.h2!.nonzeroShifts <= 2, replicate);
    assert.ok(fits[2]!.summary.conditions.h2!.nonzeroShifts > 0, replicate);
  }
  const collection = JSON.parse(readFileSync(join(out, 'collection.json'), 'utf8'));
  assert.equal(collection.lassoGrid.lambdaMax, r.grid!.lambdaMax);
  assert.deepEqual(collection.lambdas, r.grid!.lambdas);
  noTempFolders(dir);
});
