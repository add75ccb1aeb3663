import { basename } from 'node:path';
import type { Command } from 'commander';
import { writeReport } from '../../results/report';

/** `dmsfit report DIR`: a self-contained HTML report and SVG plots of a results folder. */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description('write report.html (self-contained) and plots/*.svg into a results folder')
    .argument('<dir>', 'results folder written by dmsfit fit')
    .option('--title <text>', 'report title')
    .action(async (dir: string, o: { title?: string }) => {
      const t0 = performance.now();
      const { report, plots } = await writeReport(dir, o.title ?? `DMS Fit — ${basename(dir)}`);
      process.stdout.write(
        `${report} and ${plots.length} plots (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`,
      );
    });
}
