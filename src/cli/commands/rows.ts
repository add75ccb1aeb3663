import type { Command } from 'commander';
import { countDataRows } from '../../core/data/delimited';

/** `dmsfit rows FILE...`: data rows per file (header and blank lines excluded). */
export function registerRows(program: Command): void {
  program
    .command('rows')
    .description('count data rows in CSV/TSV files')
    .argument('<files...>', 'CSV or TSV files')
    .action(async (files: string[]) => {
      for (const path of files) {
        const n = await countDataRows({ kind: 'file', path });
        process.stdout.write(`${n}\t${path}\n`);
      }
    });
}
