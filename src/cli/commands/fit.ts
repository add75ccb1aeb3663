import type { Command } from 'commander';
import { runCollection } from '../../jobs/collection';
import { LAMBDA_CHOICE_FILE, replicateFolder } from '../../core/io/resultsLayout';
import { defaultConcurrency } from '../../jobs/fitterProcess';
import { EXIT } from '../exitCodes';
import { UserError } from '../../core/errors';
import { addFitOptions, positiveInt, resolveFitRequest, type FitCliOptions } from '../fitRequest';
import { reportCollection, reportUnconverged } from '../collectionReport';
import { progressView } from '../progress';
import { watchedJobs } from '../watchedJobs';
import { runPlannedJobCli } from './planJob';

interface FitCommandOptions extends FitCliOptions {
  jobs?: number;
  cores?: number;
  json?: boolean;
  plan?: string;
  job?: string;
  force?: boolean;
}

/**
 * `dmsfit fit FILE... --reference COND [--lasso λ,…] [--by-replicate] [--holdout f] [--jobs n] [--cores n] [--json]`:
 * each fit runs in a fitter child process; replicates run in parallel over a pool. With
 * `--plan DIR/plan.json --job ID`: one job of a plan (dmsfit plan), for a cluster.
 */
export function registerFit(program: Command): void {
  const cmd = program
    .command('fit')
    .description(
      'fit the joint global-epistasis model: a λ path (largest first, warm-started), per replicate, with optional hold-out',
    );
  addFitOptions(cmd, 'optional')
    .option('--jobs <n>', 'worker processes (default: number of cores)', positiveInt)
    .option(
      '--cores <n>',
      'cores the fits may keep busy together, as threads within jobs (default: all available); results do not depend on it',
      positiveInt,
    )
    .option('--json', 'stream the protocol messages as NDJSON on standard output')
    .option('--plan <plan.json>', 'run one job of this plan (dmsfit plan) instead: give --job')
    .option('--job <id>', "the plan's job to run (its id in plan.json or jobs.tsv)")
    .option('--force', 'with --plan: run the job even if it is done')
    .action(async (files: string[], o: FitCommandOptions, command: Command) => {
      if (o.plan !== undefined || o.job !== undefined) {
        if (o.plan === undefined || o.job === undefined)
          throw new UserError('give --plan and --job together');
        if (files.length > 0) throw new UserError('with --plan, the inputs are the plan’s: give no files');
        return runPlannedJobCli(o.plan, o.job, o);
      }
      if (o.force) throw new UserError('--force goes with --plan');
      const request = await resolveFitRequest(files, o, command, 'dmsfit fit');
      if (!request) return;
      const { spec } = request;
      const jobIds = spec.replicates ? spec.replicates.map(replicateFolder) : ['fit'];
      const t0 = performance.now();
      const result = await watchedJobs(progressView(o.json, jobIds, request.tolerance), (watched) =>
        runCollection(spec, {
          ...watched,
          concurrency: o.jobs ?? defaultConcurrency(),
          ...(o.cores !== undefined ? { cores: o.cores } : {}),
        }),
      );
      const seconds = ((performance.now() - t0) / 1000).toFixed(1);
      if (result.status === 'cancelled') {
        process.stderr.write(
          `dmsfit: cancelled after ${seconds} s; earlier results in ${spec.out} are unchanged\n`,
        );
        process.exitCode = EXIT.cancelled;
        return;
      }
      if (result.status === 'failed') {
        const first = result.jobs.find((j) => j.status === 'failed');
        process.stderr.write(`dmsfit: ${first?.id}: ${first?.error}\n`);
        const input = first?.messages.some(
          (m) => m.type === 'error' && m.diagnostics && m.diagnostics.length > 0,
        );
        process.exitCode = input ? EXIT.inputError : EXIT.fitFailure;
        return;
      }
      if (!o.json) {
        reportCollection(result, spec.out, spec.replicates ? 'collection.json' : LAMBDA_CHOICE_FILE);
        process.stdout.write(`results in ${spec.out} (${seconds} s)\n`);
      }
      if (reportUnconverged(result.fits) > 0) process.exitCode = EXIT.fitFailure;
    });
}
