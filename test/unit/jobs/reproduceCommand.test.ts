/**
 * "Show command" (issue 26): the command reproduceCommand writes for a job, parsed by the CLI's
 * own options and request code, poses the same job — for jobs posed with many options, with a
 * grid, with replicates, with per-file conditions (read back from job.json), and from the editor.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { Command } from 'commander';
import { addFitOptions, resolveFitRequest, type FitCliOptions } from '../../../src/cli/fitRequest.ts';
import type { CollectionSpec } from '../../../src/jobs/collection.ts';
import { reproduceCommand, shellWord } from '../../../src/jobs/reproduceCommand.ts';
import { resolveDataOptions } from '../../../src/core/data/options.ts';
import { resolveModelOptions } from '../../../src/core/model/options.ts';
import { resolveSolverOptions } from '../../../src/core/solve/options.ts';

const dir = mkdtempSync(join(tmpdir(), 'dmsfit-reproduce-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

/** A small table of two conditions and two replicates, and two files of one condition each. */
function tables(): { both: string; a: string; b: string } {
  const rows = ['condition,replicate,aa_substitutions,func_score,func_score_var'];
  const muts = ['A1C', 'A1D', 'G2E', 'G2F', 'K3L', 'A1C G2E', 'A1D K3L', 'G2F K3L', ''];
  for (const c of ['a', 'b'])
    for (const r of ['1', '2'])
      muts.forEach((m, k) =>
        rows.push(`${c},${r},${m},${(-0.3 * k + (c === 'b' ? 0.1 : 0)).toFixed(2)},0.1`),
      );
  const both = join(dir, 'both.csv');
  writeFileSync(both, rows.join('\n') + '\n');
  const single = (c: string) => {
    const p = join(dir, `single_${c}.csv`);
    writeFileSync(
      p,
      ['aa_substitutions,func_score', ...muts.map((m, k) => `${m},${-0.2 * k}`)].join('\n') + '\n',
    );
    return p;
  };
  return { both, a: single('a'), b: single('b') };
}
const files = tables();

/** The collection the CLI poses from `argv` (what `dmsfit fit` would run), without running it. */
async function posed(argv: string[]): Promise<CollectionSpec> {
  let spec: CollectionSpec | undefined;
  const cmd = addFitOptions(new Command('fit').exitOverride(), 'optional').action(
    async (positional: string[], o: FitCliOptions, command: Command) => {
      const stderr = process.stderr.write;
      process.stderr.write = () => true;
      try {
        spec = (await resolveFitRequest(positional, o, command, 'dmsfit fit'))?.spec;
      } finally {
        process.stderr.write = stderr;
      }
    },
  );
  await cmd.parseAsync(argv, { from: 'user' });
  assert.ok(spec, `the CLI posed nothing from ${argv.join(' ')}`);
  return spec;
}

/** The job.json of a collection's path job (one replicate's, when there are replicates). */
function jobOf(spec: CollectionSpec, lambdaMax = 0.5) {
  const grid = spec.lassoGrid;
  return {
    ...spec.base,
    ...(spec.replicates ? { replicate: spec.replicates[0]! } : {}),
    ...(grid ? { lassoGrid: { lambdaMax, ...grid } } : {}),
  };
}

async function roundTrip(spec: CollectionSpec, jobPath = join(dir, 'job.json')): Promise<CollectionSpec> {
  // As job.json holds it (JSON: no cap on seconds is null there).
  const job = JSON.parse(JSON.stringify(jobOf(spec))) as ReturnType<typeof jobOf>;
  writeFileSync(jobPath, JSON.stringify(job));
  const r = reproduceCommand(job, jobPath, spec.out);
  assert.deepEqual(r.unexpressed, []);
  const again = await posed(r.argv.slice(1));
  assert.deepEqual(again, spec, r.text);
  return again;
}

test('the command of a job posed with many options poses the same job', async () => {
  const variants: string[][] = [
    [files.both, '-r', 'a'],
    [files.both, '-r', 'b', '--lasso', '1e-4,3e-5,0.00001', '--holdout', '0.2', '--seed', '3'],
    [
      files.both,
      '-r',
      'a',
      '--clip-low',
      'median-stop',
      '--clip-high',
      '2.5',
      '--site-numbering-map',
      'maps/site numbering.csv',
      '--ridge-beta',
      '0',
      '--solver',
      'multidms',
      '--max-iterations',
      '1000',
      '--no-acceleration',
      '--admm-tau',
      '0.5',
      '--loss',
      'squared',
      '--weights',
      'variance',
      '--penalty',
      'all-pairs',
      '--scale-bound',
      'none',
      '--init-beta-variance',
      '1',
      '--init-seed',
      '7',
      '--lock',
      'ge_scale=4',
      'beta0:a=1',
      '--max-seconds',
      '30',
      '--path-start',
      'cold',
      '--tolerance',
      '1e-7',
      '--score-range',
      '-4,3',
      '--collapse',
      'median',
      '--epistasis',
      'nn',
      '--hidden-units',
      '3',
      '--lower-bound',
      '-3.5',
    ],
    [files.both, '-r', 'a', '--lasso-grid', '4', '--grid-ratio', '0.01', '--holdout', '0.25'],
    [files.both, '-r', 'a', '--lasso', '1e-3,1e-4', '--folds', '3', '--seed', '5'],
    [files.both, '-r', 'a', '--ridge-grid', '0,1e-7,1e-6', '--holdout', '0.2', '--intervals'],
    [files.both, '-r', 'a', '--replicate-column', 'replicate', '--stability', '3', '--relax'],
    [files.a, '--condition', 'a', '-r', 'a', '--replicate', 'x'],
  ];
  for (const [k, argv] of variants.entries())
    await roundTrip(await posed([...argv, '-o', join(dir, `out${k}`)]));
});

test('inputs of conditions of their own are read back from job.json', async () => {
  const manifest = join(dir, 'inputs.json');
  writeFileSync(
    manifest,
    JSON.stringify({
      files: [
        { path: files.a, condition: 'a' },
        { path: files.b, condition: 'b', replicate: '2' },
      ],
    }),
  );
  const spec = await posed(['--manifest', manifest, '-r', 'b', '--by-replicate', '-o', join(dir, 'perFile')]);
  assert.deepEqual(spec.replicates, ['2']);
  const jobPath = join(dir, 'perFile-job.json');
  const again = await roundTrip(spec, jobPath);
  assert.deepEqual(
    again.base.inputs.map((i) => i.condition),
    ['a', 'b'],
  );
  assert.ok(reproduceCommand(jobOf(spec), jobPath, spec.out).argv.includes('--manifest'));
});

test('the command of an editor fit (settings as the extension resolves them) poses it again', async () => {
  const spec: CollectionSpec = {
    base: {
      inputs: [{ path: files.a }, { path: files.b }],
      data: { ...resolveDataOptions({ reference: 'single_b' }), clip: { low: -3 } },
      model: resolveModelOptions({ ridgeBeta: 1e-7 }),
      solver: resolveSolverOptions({}),
      lasso: [2e-5],
      version: (await posed([files.both, '-r', 'a', '-o', join(dir, 'v')])).base.version,
      holdout: { fraction: 0.1, seed: 0 },
    },
    out: join(dir, 'editor.dmsfit'),
    writer: 'dmsfit fit',
  };
  await roundTrip(spec);
});

test('shell words: bare when safe, single-quoted otherwise, and the shell reads them back', () => {
  const words = ['plain/path.csv', 'λ', "it's", 'two words', '$HOME', 'a=1', '-3.5', ''];
  const line = words.map(shellWord).join(' ');
  assert.equal(shellWord('plain/path.csv'), 'plain/path.csv');
  const echoed = execFileSync('/bin/sh', ['-c', `for w in ${line}; do printf '%s\\n' "$w"; done`], {
    encoding: 'utf8',
  });
  assert.deepEqual(echoed.split('\n').slice(0, -1), words);
});
