import type { Command } from 'commander';
import { resolveSimulation, simulateTruth } from '../../core/simulate/simulate';
import { writeSimulation } from '../../core/simulate/write';

function int(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`expected a non-negative integer, got '${v}'`);
  return n;
}

function num(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`expected a number, got '${v}'`);
  return n;
}

/** `dmsfit simulate --seed N --out FILE`: data from a known truth, written beside the truth. */
export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description(
      'simulate multi-condition DMS data from a known truth (writes FILE, FILE.truth.csv and FILE.truth.json)',
    )
    .requiredOption('-o, --out <file>', 'CSV file to write')
    .option('--seed <n>', 'random seed', int, 1)
    .option('--sites <n>', 'number of sites', int)
    .option('--conditions <names>', 'comma-separated condition names; the first is the reference', (v) =>
      v.split(','),
    )
    .option('--non-identical-sites <n>', 'sites where each non-reference wildtype differs', int)
    .option('--shifted-fraction <f>', 'fraction of sites with shifts', num)
    .option('--shift-sd <sd>', 'standard deviation of shifts', num)
    .option('--variants <n>', 'variants per condition and replicate', int)
    .option('--mean-substitutions <m>', 'mean substitutions per variant', num)
    .option('--replicates <n>', 'independent libraries', int)
    .option('--noise-sd <sd>', 'noise floor (standard deviation)', num)
    .action(async (o: Record<string, unknown>) => {
      const truth = simulateTruth(
        resolveSimulation({
          seed: o.seed as number,
          sites: o.sites as number | undefined,
          conditions: o.conditions as string[] | undefined,
          nonIdenticalSites: o.nonIdenticalSites as number | undefined,
          shiftedSiteFraction: o.shiftedFraction as number | undefined,
          shiftSd: o.shiftSd as number | undefined,
          variantsPerCondition: o.variants as number | undefined,
          meanSubstitutions: o.meanSubstitutions as number | undefined,
          replicates: o.replicates as number | undefined,
          noiseSd: o.noiseSd as number | undefined,
        }),
      );
      const files = await writeSimulation(truth, o.out as string);
      process.stdout.write(
        `${files.rows.toLocaleString('en-US')} variants → ${files.data}\ntruth → ${files.truthCsv}, ${files.truthJson}\n`,
      );
    });
}
