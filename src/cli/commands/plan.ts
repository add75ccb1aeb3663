/**
 * `dmsfit plan FILE… [every fit option] -o DIR [--threads n] [--force]`: the collection
 * `dmsfit fit` would run, written as DIR/plan.json and DIR/jobs.tsv for a cluster to run job by
 * job (`dmsfit fit --plan DIR/plan.json --job ID`, then `dmsfit collect DIR/plan.json`).
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { version } from '../../../package.json';
import { dataPerReplicate, estimateJob, extraFitsPerLambda } from '../../jobs/jobEstimate';
import { JOBS_TSV, PLAN_FILE } from '../../jobs/planFile';
import { writePlan } from '../../jobs/planRun';
import { watchedJobs } from '../watchedJobs';
import { EXIT } from '../exitCodes';
import { addFitOptions, positiveInt, resolveFitRequest, type FitCliOptions } from '../fitRequest';
import { progressView } from '../progress';

interface PlanCliOptions extends FitCliOptions {
  threads: number;
  force?: boolean;
}

export function registerPlan(program: Command): void {
  const cmd = program
    .command('plan')
    .description(
      'write the jobs of a fit as DIR/plan.json and DIR/jobs.tsv, to run one by one on a cluster (dmsfit fit --plan, dmsfit collect)',
    );
  addFitOptions(cmd, 'optional')
    .option('--threads <n>', 'cores each job will have (its time estimate assumes them)', positiveInt, 1)
    .option('--force', 'replace a results folder that holds anything but this very plan')
    .action(async (files: string[], o: PlanCliOptions, command: Command) => {
      const request = await resolveFitRequest(files, o, command, 'dmsfit plan', true);
      if (!request) return;
      const perReplicate = dataPerReplicate(request.checked.table);
      const written = await watchedJobs(progressView(false, ['lambda-max'], request.tolerance), (watched) =>
        writePlan(
          {
            spec: request.spec,
            tool: version,
            estimate: (job) =>
              estimateJob(
                job,
                perReplicate.get(job.replicate ?? '')!,
                o.threads,
                extraFitsPerLambda(request.spec.base, job),
              ),
            force: o.force ?? false,
          },
          { ...watched, concurrency: 1 },
        ),
      );
      if (written === 'cancelled') {
        process.exitCode = EXIT.cancelled;
        return;
      }
      const { plan } = written;
      const stages = [1, 2].map((s) => plan.jobs.filter((j) => j.stage === s).length);
      const out = request.spec.out;
      process.stderr.write(
        `${written.status === 'kept' ? 'plan unchanged (jobs done so far stay done)' : 'new plan'}: ${plan.jobs.length} job(s), ${stages[0]} path(s) of ${plan.lambdas.length} λ${stages[1]! > 0 ? ` then ${stages[1]} at the recommended λ` : ''}; largest request ${Math.max(...plan.jobs.map((j) => j.estimate.request.memMB))} MB, ${Math.max(...plan.jobs.map((j) => j.estimate.request.minutes))} min\n`,
      );
      process.stdout.write(`${join(out, PLAN_FILE)}\n${join(out, JOBS_TSV)}\n`);
    });
}
