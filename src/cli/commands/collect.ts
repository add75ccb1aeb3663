/**
 * `dmsfit collect DIR/plan.json`: once every job of a plan is done, writes the collection's
 * outputs into DIR — the same bytes a one-machine `dmsfit fit` writes. Exits 1, writing nothing,
 * when jobs are missing or were fitted at a λ the paths no longer recommend (it names them).
 */
import type { Command } from 'commander';
import { collectPlan } from '../../jobs/planRun';
import { EXIT } from '../exitCodes';
import { reportCollection, reportUnconverged } from '../collectionReport';

export function registerCollect(program: Command): void {
  program
    .command('collect')
    .description("check that every job of a plan is done, then write the collection's outputs")
    .argument('<plan.json>', 'the plan (dmsfit plan)')
    .action(async (planPath: string) => {
      const result = await collectPlan(planPath);
      if (result.status === 'incomplete') {
        if (result.missing.length > 0)
          process.stderr.write(`dmsfit: jobs not done: ${result.missing.join(' ')}\n`);
        if (result.stale.length > 0)
          process.stderr.write(
            `dmsfit: jobs fitted at a λ the paths no longer recommend (run them again with --force): ${result.stale.join(' ')}\n`,
          );
        process.exitCode = EXIT.inputError;
        return;
      }
      reportCollection(result, result.root, result.single ? 'fit/lambda.json' : 'collection.json');
      const unconverged = reportUnconverged(result.fits);
      process.stdout.write(
        `collected ${result.fits.length} fit(s) in ${result.root}${unconverged > 0 ? ` (${unconverged} not converged)` : ''}\n`,
      );
    });
}
