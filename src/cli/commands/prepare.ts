import { join } from 'node:path';
import type { Command } from 'commander';
import { formatDiagnostic } from '../../core/data/diagnostics';
import { loadDataset, usable } from '../../core/data/load';
import { prepareDataset } from '../../core/data/prepare/prepare';
import { writePrepared } from '../../core/data/prepare/write';
import { withSiteNumbers } from '../../core/data/prepare/siteNumbers';
import { escapeControls } from '../../core/data/safeText';
import { writeDirAtomically } from '../../core/io/atomicDir';
import { addDataOptions, defaultResultsDir, resolveData, type DataCliOptions } from '../dataOptions';
import { EXIT } from '../exitCodes';

/** `dmsfit prepare FILE... --reference COND [--out DIR]`: multidms-compatible data preparation. */
export function registerPrepare(program: Command): void {
  const cmd = program
    .command('prepare')
    .description(
      'prepare data as multidms does (site map, bundles, reference-relative variants, encodings) and report what was dropped',
    );
  addDataOptions(cmd, { reference: 'required' })
    .option('-o, --out <dir>', 'output folder (default: <first file>.dmsfit/data)')
    .action(async (files: string[], o: DataCliOptions & { out?: string }) => {
      const { inputs, options } = await resolveData(files, o);
      const t0 = performance.now();
      const loaded = await loadDataset(inputs, options);
      const blocking = !usable(loaded, options);
      for (const d of loaded.diagnostics)
        if (blocking || d.severity !== 'error') process.stderr.write(formatDiagnostic(d) + '\n');
      if (blocking) {
        process.stderr.write(
          `${loaded.errors} error(s): nothing written (use --drop-invalid-rows to leave such rows out)\n`,
        );
        process.exitCode = EXIT.inputError;
        return;
      }
      const { prepared, warnings } = await withSiteNumbers(
        prepareDataset(loaded.table, { reference: options.reference!, collapse: options.collapse }),
        options.siteNumberingMap,
      );
      for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
      const out = o.out ?? join(defaultResultsDir(inputs), 'data');
      let summary;
      await writeDirAtomically(
        out,
        async (dir) => {
          summary = await writePrepared(dir, prepared, loaded);
        },
        { inputs: inputs.map((i) => i.path), lockedBy: 'dmsfit prepare' },
      );
      const s = summary!;
      const seconds = (performance.now() - t0) / 1000;
      process.stdout.write(
        escapeControls(
          `${s.keptVariants.toLocaleString('en-US')} variants, ${s.mutations.toLocaleString('en-US')} mutations, ${s.sites} sites; reference ${s.reference}\n`,
          true,
        ),
      );
      for (const c of s.conditions) {
        const dropped =
          Object.entries(c.dropped)
            .map(([k, n]) => `${n} ${k}`)
            .join(', ') || 'none';
        process.stdout.write(
          escapeControls(
            `  ${c.name}${c.isReference ? ' (reference)' : ''}: ${c.kept} kept of ${c.variants}; dropped: ${dropped}; bundle: ${c.bundle.length}\n`,
            true,
          ),
        );
      }
      process.stdout.write(`written to ${out} (${seconds.toFixed(2)} s)\n`);
    });
}
