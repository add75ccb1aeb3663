import type { Command } from 'commander';
import { version } from '../../../package.json';
import { formatDiagnostic } from '../../core/data/diagnostics';
import { InputError, runFitJob } from '../../core/fit/fitJob';
import { addDataOptions, defaultResultsDir, resolveData, type DataCliOptions } from '../dataOptions';
import { EXIT } from '../exitCodes';
import { addModelOptions, clipFromCli, resolveModelCli, type ModelCliOptions } from '../modelOptions';

/** `dmsfit fit FILE... --reference COND [--lasso λ[,λ…]] [--out DIR]`: fit and write results. */
export function registerFit(program: Command): void {
  const cmd = program
    .command('fit')
    .description('fit the joint global-epistasis model (a λ path when several --lasso values are given)');
  addModelOptions(addDataOptions(cmd, { reference: 'required' }))
    .option('-o, --out <dir>', 'results folder (default: <first file>.dmsfit), replaced atomically')
    .action(async (files: string[], o: DataCliOptions & ModelCliOptions & { out?: string }) => {
      const { inputs, options } = await resolveData(files, o);
      const { model, solver } = resolveModelCli(o);
      const out = o.out ?? defaultResultsDir(inputs);
      const t0 = performance.now();
      try {
        const result = await runFitJob(
          { inputs, data: { ...options, clip: clipFromCli(o) }, model, solver, lasso: o.lasso, out, version },
          {
            prepared: (s) =>
              process.stderr.write(
                `prepared ${s.keptVariants.toLocaleString('en-US')} variants, ${s.mutations.toLocaleString('en-US')} mutations\n`,
              ),
            fitStart: (lambda, i, n) => process.stderr.write(`fitting λ = ${lambda} (${i + 1}/${n})\n`),
            fitted: (f) => {
              const shifts = Object.entries(f.conditions)
                .filter(([, c]) => c.nonzeroShifts > 0)
                .map(([name, c]) => `${name} ${c.nonzeroShifts}`)
                .join(', ');
              process.stderr.write(
                `  λ = ${f.lambda}: ${f.converged ? 'converged' : 'NOT converged'} (stationarity ${f.stationarity.toExponential(2)}) in ${f.iterations} iterations, ${f.seconds.toFixed(1)} s; non-zero shifts: ${shifts || 'none'}\n`,
              );
            },
          },
        );
        process.stdout.write(
          `results in ${result.out} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`,
        );
        process.exitCode = result.fits.every((f) => f.converged) ? EXIT.ok : EXIT.fitFailure;
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        for (const d of err.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
        process.stderr.write(`dmsfit: ${err.message}\n`);
        process.exitCode = EXIT.inputError;
      }
    });
}
