import type { Command } from 'commander';
import { DIAGNOSTIC_CODES, formatDiagnostic } from '../../core/data/diagnostics';
import { loadDataset } from '../../core/data/load';
import { readSiteNumbering } from '../../core/data/siteNumbering';
import { addDataOptions, resolveData, type DataCliOptions } from '../dataOptions';
import { EXIT } from '../exitCodes';

/** `dmsfit validate FILE... [--json]`: every problem with its line and column; exit 1 on errors. */
export function registerValidate(program: Command): void {
  const cmd = program
    .command('validate')
    .description('check DMS tables and report problems with exact lines and columns');
  addDataOptions(cmd, { reference: 'optional' })
    .option('--json', 'print the diagnostics as a JSON array')
    .option('--codes', 'list the diagnostic codes and exit')
    .action(async (files: string[], o: DataCliOptions & { json?: boolean; codes?: boolean }) => {
      if (o.codes) {
        for (const [code, [severity, meaning]] of Object.entries(DIAGNOSTIC_CODES)) {
          process.stdout.write(`${code.padEnd(24)} ${severity.padEnd(8)} ${meaning}\n`);
        }
        return;
      }
      const { inputs, options } = await resolveData(files, o);
      const t0 = performance.now();
      const loaded = await loadDataset(inputs, options, { keepRows: false });
      if (options.siteNumberingMap) {
        const map = await readSiteNumbering({ path: options.siteNumberingMap });
        loaded.diagnostics.push(...map.diagnostics);
        loaded.errors += map.errors;
        loaded.warnings += map.diagnostics.filter((d) => d.severity === 'warning').length;
      }
      const seconds = (performance.now() - t0) / 1000;
      if (o.json) process.stdout.write(JSON.stringify(loaded.diagnostics, null, 2) + '\n');
      else {
        for (const d of loaded.diagnostics) process.stdout.write(formatDiagnostic(d) + '\n');
        const rows = loaded.rowsPerFile.reduce((a, b) => a + b, 0);
        process.stderr.write(
          `${loaded.errors} error(s), ${loaded.warnings} warning(s) in ${rows.toLocaleString('en-US')} rows of ${inputs.length} file(s) (${seconds.toFixed(2)} s)\n`,
        );
      }
      process.exitCode = loaded.errors > 0 ? EXIT.inputError : EXIT.ok;
    });
}
