import { join } from 'node:path';
import type { Command } from 'commander';
import { version } from '../../../package.json';
import { formatDiagnostic } from '../../core/data/diagnostics';
import { escapeControls } from '../../core/data/safeText';
import { assertReplaceable } from '../../core/io/atomicDir';
import { FIT_DATA_WARNINGS } from '../../core/data/fitReadiness';
import { loadDataset, usable } from '../../core/data/load';
import { runCollection } from '../../jobs/collection';
import {
  ALL_VARIANTS_FOLDER,
  COMBINED_FOLDER,
  REPLICATE_PREFIX,
  replicateFolder,
} from '../../core/io/resultsLayout';
import { defaultConcurrency } from '../../jobs/fitterProcess';
import { addDataOptions, defaultResultsDir, resolveData, type DataCliOptions } from '../dataOptions';
import { adviceFlag } from '../../core/fit/stopReason';
import { lambdaGrid } from '../../core/fit/lambdaGrid';
import { GRID_RATIO } from '../../core/fit/lassoText';
import { EXIT } from '../exitCodes';
import { UserError } from '../../core/errors';
import { addModelOptions, clipFromCli, resolveModelCli, type ModelCliOptions } from '../modelOptions';
import { barView, jsonView, lineView, type ProgressView } from '../progress';

interface FitCliOptions extends DataCliOptions, ModelCliOptions {
  out?: string;
  lassoGrid?: number;
  gridRatio: number;
  byReplicate?: boolean;
  holdout?: number;
  seed: number;
  jobs?: number;
  cores?: number;
  json?: boolean;
}

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`expected a positive integer, got '${v}'`);
  return n;
};

/**
 * `dmsfit fit FILE... --reference COND [--lasso λ,…] [--by-replicate] [--holdout f] [--jobs n] [--cores n] [--json]`:
 * each fit runs in a fitter child process; replicates run in parallel over a pool.
 */
export function registerFit(program: Command): void {
  const cmd = program
    .command('fit')
    .description(
      'fit the joint global-epistasis model: a λ path (largest first, warm-started), per replicate, with optional hold-out',
    );
  addModelOptions(addDataOptions(cmd, { reference: 'required' }))
    .option('-o, --out <dir>', 'results folder (default: <first file>.dmsfit), replaced atomically')
    .option(
      '--by-replicate',
      'fit each replicate separately (replicates from --replicate-column, the manifest or the file names)',
    )
    .option(
      '--holdout <fraction>',
      "hold out this fraction of each condition's variants for validation",
      Number,
    )
    .option('--seed <n>', 'seed of the hold-out split', Number, 0)
    .option('--jobs <n>', 'worker processes (default: number of cores)', positiveInt)
    .option(
      '--cores <n>',
      'cores the fits may keep busy together, as threads within jobs (default: all available); results do not depend on it',
      positiveInt,
    )
    .option(
      '--lasso-grid <points>',
      `instead of --lasso: this many λ from λ_max (every shift zero) down to λ_max × --grid-ratio, log-spaced`,
      positiveInt,
    )
    .option('--grid-ratio <r>', 'smallest λ of the grid relative to λ_max', Number, GRID_RATIO)
    .option('--json', 'stream the protocol messages as NDJSON on standard output')
    .action(async (files: string[], o: FitCliOptions, command: Command) => {
      if (o.lassoGrid !== undefined && command.getOptionValueSource('lasso') === 'cli')
        throw new UserError('give --lasso or --lasso-grid, not both');
      const { inputs, options } = await resolveData(files, o);
      const data = { ...options, clip: clipFromCli(o) };
      const { model, solver } = resolveModelCli(o);
      const out = o.out ?? defaultResultsDir(inputs);
      // Before anything runs: results replace only results, and never an input.
      await assertReplaceable(
        out,
        inputs.map((i) => i.path),
      );
      // Validate here first: input errors are reported before any process starts.
      const checked = await loadDataset(inputs, data, { keepRows: false, forFit: true });
      if (!usable(checked, data)) {
        for (const d of checked.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
        process.stderr.write(`dmsfit: ${checked.errors} error(s) in the input; nothing fitted\n`);
        process.exitCode = EXIT.inputError;
        return;
      }
      // Warnings about what is fitted are shown in full; the others (e.g. scores out of the
      // typical range, possibly thousands) are counted, and listed by validate.
      const fitWarnings = checked.diagnostics.filter(
        (d) => FIT_DATA_WARNINGS.has(d.code) || d.code === 'name-spelling',
      );
      for (const d of fitWarnings) process.stderr.write(formatDiagnostic(d) + '\n');
      const others = checked.warnings - fitWarnings.length;
      if (others > 0)
        process.stderr.write(
          `dmsfit: ${others} other warning(s) in the input (dmsfit validate lists them)\n`,
        );
      if (o.lassoGrid !== undefined) {
        // What the fitter would refuse, refused before any process starts.
        const problem =
          checked.table.conditionNames.length < 2
            ? 'the data have one condition, so no shifts and no grid'
            : model.penalty !== 'reference'
              ? 'it needs the reference penalty (--penalty reference)'
              : undefined;
        if (problem) {
          process.stderr.write(`dmsfit: --lasso-grid: ${problem}\n`);
          process.exitCode = EXIT.inputError;
          return;
        }
        lambdaGrid(1, o.lassoGrid, o.gridRatio); // checks the points and the ratio (UserError)
      }
      const byReplicate = o.byReplicate || o.replicateColumn !== undefined;
      const replicates = byReplicate ? checked.table.replicateNames.filter((r) => r !== '') : undefined;
      if (byReplicate && (!replicates || replicates.length === 0)) {
        process.stderr.write('dmsfit: --by-replicate: the data name no replicates\n');
        process.exitCode = EXIT.inputError;
        return;
      }
      const concurrency = o.jobs ?? defaultConcurrency();
      const jobIds = replicates ? replicates.map(replicateFolder) : ['fit'];
      const view: ProgressView = o.json
        ? jsonView((s) => process.stdout.write(s))
        : process.stderr.isTTY
          ? barView(jobIds, solver.tolerance, (s) => process.stderr.write(s))
          : lineView((s) => process.stderr.write(s));
      const abort = new AbortController();
      // Ctrl-C, and SIGTERM (what Slurm and `kill` send first), cancel gracefully: the jobs stop,
      // staging is removed, the lock released, earlier results stay; a second signal quits at once.
      const onSignal = () => {
        if (abort.signal.aborted) process.exit(EXIT.cancelled);
        process.stderr.write('\ncancelling (press Ctrl-C again to quit at once)\n');
        abort.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const t0 = performance.now();
      const result = await runCollection(
        {
          base: {
            inputs,
            data,
            model,
            solver,
            lasso: o.lasso,
            version,
            ...(o.holdout !== undefined ? { holdout: { fraction: o.holdout, seed: o.seed } } : {}),
          },
          out,
          writer: 'dmsfit fit',
          ...(o.lassoGrid !== undefined ? { lassoGrid: { points: o.lassoGrid, ratio: o.gridRatio } } : {}),
          ...(replicates ? { replicates } : {}),
        },
        {
          script: join(__dirname, 'fitter.js'),
          concurrency,
          ...(o.cores !== undefined ? { cores: o.cores } : {}),
          signal: abort.signal,
          onMessage: (job, m) => view.message(job, m),
        },
      ).finally(() => {
        view.stop();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      });
      const seconds = ((performance.now() - t0) / 1000).toFixed(1);
      if (result.status === 'cancelled') {
        process.stderr.write(
          `dmsfit: cancelled after ${seconds} s; earlier results in ${out} are unchanged\n`,
        );
        process.exitCode = EXIT.cancelled;
        return;
      }
      if (result.status === 'failed') {
        const first = result.jobs.find((j) => j.status === 'failed');
        process.stderr.write(`dmsfit: ${first?.id}: ${first?.error}\n`);
        const input = first?.messages.some(
          (m) => m.type === 'error' && m.diagnostics && m.diagnostics.length > 0,
        );
        process.exitCode = input ? EXIT.inputError : EXIT.fitFailure;
        return;
      }
      const unconverged = result.fits.filter((f) => !f.summary.converged);
      const choice = result.recommended;
      if (choice && !o.json) {
        process.stderr.write(
          choice.lambda === null
            ? `${choice.reason}\n`
            : `recommended λ = ${choice.lambda} (decided by ${choice.decidedBy ?? 'validation loss'}; every criterion per λ in ${replicates ? 'collection.json' : 'lambda.json'})\n`,
        );
      }
      const combined = result.combined;
      if (combined && !o.json) {
        const confident = Object.entries(combined.conditions)
          .filter(([, c]) => c.nonzeroShifts > 0)
          .map(([name, c]) => `${name} ${c.confidentShifts} of ${c.nonzeroShifts}`);
        process.stderr.write(
          `combined fit of all replicates at λ = ${combined.lambda}: ${combined.stopDetail}; confident shifts: ${confident.join(', ') || 'none'} (${join(out, COMBINED_FOLDER)})\n`,
        );
      }
      const refits = result.allVariants;
      if (refits && !o.json) {
        const r = (v: number | null) => (v === null ? 'none' : v.toFixed(3));
        const unconverged = refits.fits.filter((f) => !f.summary.converged).map((f) => f.replicate);
        process.stderr.write(
          escapeControls(
            `each replicate refitted on all its variants at that λ: replicate agreement shift r ${r(refits.shiftAgreement)}, β r ${r(refits.betaAgreement)}${unconverged.length > 0 ? `; not converged: ${unconverged.join(', ')}` : ''} (${join(out, `${REPLICATE_PREFIX}*`, ALL_VARIANTS_FOLDER)})\n`,
            true,
          ),
        );
      }
      if (!o.json) process.stdout.write(`results in ${out} (${seconds} s)\n`);
      if (unconverged.length > 0) {
        for (const f of unconverged) {
          const which = `${f.replicate ? `replicate ${f.replicate} ` : ''}λ = ${f.summary.lambda}`;
          const next = f.summary.advice
            ? `; next step: ${f.summary.advice.text} (${adviceFlag(f.summary.advice)})`
            : '';
          process.stderr.write(escapeControls(`dmsfit: ${which}: ${f.summary.stopDetail}${next}\n`, true));
        }
        process.exitCode = EXIT.fitFailure;
      }
    });
}
