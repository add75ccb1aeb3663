/**
 * `dmsfit fit --plan DIR/plan.json --job ID`: one job of a plan, as a cluster runs it — a no-op
 * when it is done (unless --force), refused when an input changed since the plan was made.
 * Exits 0 when the job is done even if a fit did not converge (the collection reports it), so a
 * workflow engine goes on to the other jobs; 1 for what the user must fix, 2 for a failure.
 */
import { escapeControls } from '../../core/data/safeText';
import { readPlan } from '../../jobs/planFile';
import { runPlannedJob } from '../../jobs/planRun';
import { EXIT } from '../exitCodes';
import { watchedJobs } from '../watchedJobs';
import { progressView } from '../progress';

export async function runPlannedJobCli(
  planPath: string,
  id: string,
  o: { cores?: number; json?: boolean; force?: boolean },
): Promise<void> {
  const { plan } = await readPlan(planPath);
  const result = await watchedJobs(progressView(o.json, [id], plan.options.solver.tolerance), (watched) =>
    runPlannedJob(planPath, id, o.force ?? false, {
      ...watched,
      ...(o.cores !== undefined ? { cores: o.cores } : {}),
    }),
  );
  const say = (text: string) => process.stderr.write(escapeControls(text, true));
  switch (result.status) {
    case 'already done':
      say(`dmsfit: job ${id} is done (${result.record.finished}); --force runs it again\n`);
      return;
    case 'nothing to fit':
      say(`dmsfit: job ${id}: nothing to fit: ${result.record.reason}\n`);
      return;
    case 'cancelled':
      say(`dmsfit: job ${id} cancelled; its earlier results are unchanged\n`);
      process.exitCode = EXIT.cancelled;
      return;
    case 'failed': {
      say(`dmsfit: job ${id}: ${result.outcome.error}\n`);
      const input = result.outcome.messages.some(
        (m) => m.type === 'error' && m.diagnostics && m.diagnostics.length > 0,
      );
      process.exitCode = input ? EXIT.inputError : EXIT.fitFailure;
      return;
    }
    case 'done': {
      const r = result.record;
      const unconverged = result.outcome.messages.filter(
        (m) => m.type === 'fitted' && !m.summary.converged,
      ).length;
      say(
        `dmsfit: job ${id} done in ${r.seconds} s (peak RSS ${r.peakRssMB ?? '?'} MB${r.slurmJobId ? `, Slurm job ${r.slurmJobId}` : ''})${unconverged > 0 ? `; ${unconverged} fit(s) did not converge: dmsfit collect lists them` : ''}\n`,
      );
    }
  }
}
