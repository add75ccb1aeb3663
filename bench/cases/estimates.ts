/**
 * The plan's estimates against what the jobs took (issue 27): each bench dataset planned and run
 * job by job through the built CLI (`dmsfit plan`, then `dmsfit fit --plan --job --cores 1`, as a
 * cluster would run them), at the default settings. Reports per job the rows and substitutions
 * the estimate is from, and estimate / measured for peak memory (the job's two processes) and
 * wall time; a scheduler is asked for twice the estimate, so each ratio must lie in [0.5, 2].
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TableInput } from '../../src/core/data/readTable';
import type { CollectionPlan, JobRecord } from '../../src/jobs/planFile';
import { builtCli, deltaBa2, gfp, hivEnv, report, sharedFile, xbbLibrary } from '../shared';

interface EstimateCase {
  inputs: () => TableInput[];
  args: string[];
}

const cases: Record<string, EstimateCase> = {
  '10K example, 3 λ': {
    inputs: () => [{ path: sharedFile('func_score_df_delta_BA1_10K.csv') }],
    args: ['-r', 'Delta-2', '--lasso', '1e-3,2e-4,1e-4'],
  },
  'hiv env, 1 λ': {
    inputs: hivEnv,
    args: ['-r', 'BF520', '--letter-suffixed-sites', '--lasso', '1e-5'],
  },
  'gfp, 1 λ': {
    inputs: gfp,
    args: ['-r', 'avGFP', '--lasso', '1e-5'],
  },
  'xbb15 libs 1+2 by replicate, 3 λ': {
    inputs: () => [...xbbLibrary(1), ...xbbLibrary(2)],
    args: ['-r', 'high_ACE2', '--by-replicate', '--lasso', '1e-4,5e-5,2e-5'],
  },
  'delta+ba2, 3 λ': { inputs: deltaBa2, args: ['-r', 'Delta', '--lasso', '1e-4,5e-5,2e-5'] },
};

function run(name: string, c: EstimateCase, cli: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'dmsfit-bench-estimates-'));
  try {
    const manifest = join(dir, 'manifest.json');
    writeFileSync(manifest, JSON.stringify({ files: c.inputs() }));
    const out = join(dir, 'plan');
    // Output captured: a failing command's error carries its stderr.
    const quiet = { stdio: 'pipe' as const };
    execFileSync(process.execPath, [cli, 'plan', '--manifest', manifest, ...c.args, '-o', out], quiet);
    const plan = JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')) as CollectionPlan;
    for (const job of plan.jobs) {
      execFileSync(
        process.execPath,
        [cli, 'fit', '--plan', join(out, 'plan.json'), '--job', job.id, '--cores', '1'],
        quiet,
      );
      const record = JSON.parse(readFileSync(join(out, '.jobs', `${job.id}.json`), 'utf8')) as JobRecord;
      const e = job.estimate;
      report(`estimates ${name}: ${job.id}`, {
        rows: e.rows,
        substitutions: e.substitutions,
        parameters: e.parameters,
        lambdas: job.lambdas?.length ?? 1,
        estimatedMB: e.memMB,
        memoryRatio: +(e.memMB / (record.peakRssMB ?? NaN)).toFixed(2),
        estimatedSeconds: e.seconds,
        measuredSeconds: +record.seconds.toFixed(1),
        timeRatio: +(e.seconds / record.seconds).toFixed(2),
        requested: `${e.request.memMB} MB, ${e.request.minutes} min`,
        // The job's (both processes), not this runner's.
        peakRssMB: record.peakRssMB ?? NaN,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const estimateCases: Record<string, () => Promise<void>> = Object.fromEntries(
  Object.entries(cases).map(([name, c]) => [
    `estimates ${name}`,
    () => {
      run(name, c, builtCli());
      return Promise.resolve();
    },
  ]),
);
