/**
 * Input snapshots (issue 24): job.json records each input's size, mtime and SHA-256; a file
 * rewritten while it is read, or between a collection's start and a job's reading, fails with
 * a message that says so instead of giving results from a mix of versions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../../../src/core/errors.ts';
import { readUnchanged, snapshotInputs } from '../../../../src/core/io/inputSnapshot.ts';
import { runFitJob, type FitJobSpec } from '../../../../src/core/fit/fitJob.ts';
import { resolveDataOptions } from '../../../../src/core/data/options.ts';
import { resolveModelOptions } from '../../../../src/core/model/options.ts';
import { resolveSolverOptions } from '../../../../src/core/solve/options.ts';
import { DEFAULT_LASSO } from '../../../../src/core/fit/lassoText.ts';

const TABLE =
  'condition,aa_substitutions,func_score\nA,,0.1\nA,M1E,-1.2\nA,G3R,-2.5\nB,,0\nB,M1E,-1\nB,G3R,-0.4\n';

function file(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'dmsfit-snap-')), 'data.csv');
  writeFileSync(path, TABLE);
  return path;
}

test('a snapshot is the size, the modification time and the SHA-256 of the bytes', async () => {
  const path = file();
  const [s] = await snapshotInputs([path, join(path, '..', 'missing.csv')]);
  assert.equal(s!.path, path);
  assert.equal(s!.bytes, Buffer.byteLength(TABLE));
  assert.equal(s!.sha256, createHash('sha256').update(TABLE).digest('hex'));
  assert.ok(Math.abs(Date.parse(s!.modified) - Date.now()) < 60_000);
});

test('a file rewritten while it is read fails with InputError naming it; unchanged, the result comes back', async () => {
  const path = file();
  const ok = await readUnchanged([path], async () => readFileSync(path, 'utf8'));
  assert.equal(ok.result, TABLE);
  await assert.rejects(
    readUnchanged([path], async () => appendFileSync(path, 'B,M1E G3R,-1.9\n')),
    (err: Error) => err instanceof InputError && err.message.includes(`${path} changed while it was read`),
  );
});

/** A short fit of `path` into out.dmsfit beside it. */
function job(path: string, extra: Partial<FitJobSpec> = {}): FitJobSpec {
  return {
    inputs: [{ path }],
    data: resolveDataOptions({ reference: 'A' }),
    model: resolveModelOptions(),
    lasso: [...DEFAULT_LASSO],
    solver: resolveSolverOptions({ maxIterations: 5 }),
    out: join(path, '..', 'out.dmsfit'),
    version: 'test',
    ...extra,
  };
}

test("a job whose file differs from the collection's snapshot fails, and writes nothing", async () => {
  const path = file();
  const expected = await snapshotInputs([path]);
  // Same size, other bytes: only the hash can tell.
  writeFileSync(path, TABLE.replace('-1.2', '-1.3'));
  const spec = job(path, { inputSnapshots: expected });
  await assert.rejects(runFitJob(spec), /changed after the fit started/);
  assert.equal(existsSync(spec.out), false);
});

test('job.json records the snapshot of each input', async () => {
  const path = file();
  const spec = job(path);
  await runFitJob(spec);
  const written = JSON.parse(readFileSync(join(spec.out, 'job.json'), 'utf8'));
  assert.deepEqual(written.snapshots, await snapshotInputs([path]));
});

test('a missing input gets no snapshot: the job fails with its unreadable-file diagnostic, not a raw ENOENT', async () => {
  const missing = join(file(), '..', 'absent.csv');
  await assert.rejects(
    runFitJob(job(missing)),
    (err: Error) =>
      err instanceof InputError &&
      (err as InputError).diagnostics.some((d) => d.code === 'unreadable-file' && d.file === missing),
  );
});
