/**
 * `dmsfit`: the command-line face of the core, for headless fits and pipelines.
 * Exit codes: 0 success, 1 input errors, 2 fit failure, 130 cancelled.
 */
import { Command } from 'commander';
import { version } from '../../package.json';
import { EXIT, exitCodeOf } from './exitCodes';
import { registerCollect } from './commands/collect';
import { registerDmsViz } from './commands/dmsViz';
import { registerDmsVep } from './commands/dmsVep';
import { registerFit } from './commands/fit';
import { registerPlan } from './commands/plan';
import { registerPredict } from './commands/predict';
import { registerPrepare } from './commands/prepare';
import { registerReport } from './commands/report';
import { registerSimulate } from './commands/simulate';
import { registerSpectrum } from './commands/spectrum';
import { registerValidate } from './commands/validate';

export function buildProgram(): Command {
  const program = new Command('dmsfit')
    .description(
      'Joint global-epistasis fits of deep mutational scanning data across conditions (the multidms model).',
    )
    .version(version)
    .showHelpAfterError()
    .configureHelp({ sortSubcommands: false });
  registerValidate(program);
  registerPrepare(program);
  registerFit(program);
  registerPlan(program);
  registerCollect(program);
  registerPredict(program);
  registerReport(program);
  registerDmsViz(program);
  registerDmsVep(program);
  registerSpectrum(program);
  registerSimulate(program);
  return program;
}

// Ctrl-C or SIGTERM ends every command with 130, cancelled. `fit` adds its own handler, which
// cancels its jobs gracefully; then this one stands aside. Once the command has finished, its
// outputs are committed and a signal cancels nothing: the process ends with the command's own code.
// (What a killed writer leaves — a staging folder, a lock — names its dead process and is cleaned
// up by the next writer.)
let finished = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    if (finished) process.exit();
    if (process.listenerCount(signal) === 1) process.exit(EXIT.cancelled);
  });

buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    process.stderr.write(`dmsfit: ${err instanceof Error ? err.message : String(err)}\n`);
    // For bug reports: where an unexpected error came from.
    if (process.env.DMSFIT_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    // A file, option or output folder to fix is an input error, not a fit failure.
    process.exitCode = exitCodeOf(err);
  })
  .finally(() => (finished = true));
