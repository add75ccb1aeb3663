import { basename } from 'node:path';
import type { Command } from 'commander';
import { writeReport } from '../../results/report';
import { parseTimesSeenThreshold } from '../../results/timesSeenFilter';

/** `dmsfit report DIR`: a self-contained HTML report, SVG plots and a live page per plot. */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description(
      'write report.html (self-contained), plots/*.svg and live plots/*.html (each plot a page of its own) into a results folder',
    )
    .argument('<dir>', 'results folder written by dmsfit fit')
    .option('--title <text>', 'report title')
    .option(
      '--times-seen-threshold <n>',
      "draw only mutations seen in at least n variants in every condition, and write them to the fit's mutations_times_seen_<n>.csv (multidms's times_seen_threshold)",
      parseTimesSeenThreshold,
      0,
    )
    .action(async (dir: string, o: { title?: string; timesSeenThreshold: number }) => {
      const t0 = performance.now();
      const { report, plots, charts, filtered } = await writeReport(
        dir,
        o.title ?? `DMS Fit — ${basename(dir)}`,
        o.timesSeenThreshold,
      );
      process.stdout.write(
        `${report} and ${plots.length} plots, each also a live page (${charts.length} plots/*.html; ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`,
      );
      if (filtered) process.stdout.write(`${filtered}\n`);
    });
}
