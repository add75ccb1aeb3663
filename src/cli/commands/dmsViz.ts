import type { Command } from 'commander';
import { Option } from 'commander';
import { DMS_VIZ_DEFAULTS, type DmsVizMetric } from '../../results/dmsViz';
import { writeDmsViz } from '../../results/writeDmsViz';
import { number } from '../modelOptions';

/** `dmsfit dms-viz DIR --structure ID|FILE.pdb`: a fit as a dms-viz dataset (JSON). */
export function registerDmsViz(program: Command): void {
  const d = DMS_VIZ_DEFAULTS;
  program
    .command('dms-viz')
    .description(
      'write a fit as a dms-viz dataset (https://dms-viz.github.io), to see it on a protein structure',
    )
    .argument('<dir>', 'results folder written by dmsfit fit')
    .requiredOption('--structure <id|file.pdb>', 'RCSB PDB ID (e.g. 7TL9) or a .pdb file to draw on')
    .addOption(
      new Option('--metric <what>', 'each shift from the reference, or each condition’s β')
        .choices(['shift', 'beta'])
        .default(d.metric),
    )
    .option(
      '--lambda <λ>',
      'the fit to export (default: the recommended one, as the report shows)',
      number('--lambda'),
    )
    .option('--name <text>', 'dataset name shown in dms-viz (default: the conditions and λ)')
    .option('--included-chains <chains>', 'chains the data map onto, space separated', d.includedChains)
    .option(
      '--excluded-chains <chains>',
      'chains hidden from the structure, space separated',
      d.excludedChains,
    )
    .option('--times-seen <n>', 'where the times_seen slider starts', number('--times-seen'), d.timesSeen)
    .option('-o, --out <file>', "JSON to write (default: dms-viz_<metric>.json in the fit's folder)")
    .action(
      async (
        dir: string,
        o: {
          structure: string;
          metric: DmsVizMetric;
          lambda?: number;
          name?: string;
          includedChains: string;
          excludedChains: string;
          timesSeen: number;
          out?: string;
        },
      ) => {
        const r = await writeDmsViz({ folder: dir, ...o });
        const left = [
          r.unidentified ? `${r.unidentified.toLocaleString('en-US')} not identified by the data` : '',
          r.bundles ? `${r.bundles.toLocaleString('en-US')} in tied bundles` : '',
        ].filter(Boolean);
        process.stdout.write(
          `${r.path}: ${r.rows.toLocaleString('en-US')} mutation × condition rows` +
            `${left.length ? ` (left out: ${left.join(', ')})` : ''}; open it at https://dms-viz.github.io\n`,
        );
      },
    );
}
