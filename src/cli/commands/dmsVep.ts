import type { Command } from 'commander';
import { writeDmsVepShifts } from '../../results/writeDmsVepShifts';

/** `dmsfit dms-vep DIR [--replicate R] [-o FILE]`: a fit path as the dms-vep pipelines' shifts CSV. */
export function registerDmsVep(program: Command): void {
  program
    .command('dms-vep')
    .description(
      'write a λ path as the shifts CSV the dms-vep pipelines write for multidms (wildtype, site, mutant, …, shift_<c>, lasso_shift)',
    )
    .argument('<dir>', 'results folder written by dmsfit fit')
    .option('--replicate <name>', "in a collection's results: the replicate whose path to write")
    .option('-o, --out <file>', "CSV to write (default: dms-vep_shifts.csv beside the path's fits)")
    .action(async (dir: string, o: { replicate?: string; out?: string }) => {
      const r = await writeDmsVepShifts({ folder: dir, ...o });
      process.stdout.write(
        `${r.path}: ${r.rows.toLocaleString('en-US')} rows (mutations and wildtype rows) at λ ${r.lambdas.join(', ')}` +
          `${r.bundled ? ` (left out: ${r.bundled.toLocaleString('en-US')} rows of collapsed bundles, which have no one site)` : ''}\n`,
      );
    });
}
