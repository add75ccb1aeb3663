/**
 * What a CLI test starts from: a simulated dataset written to a fresh temporary folder, and
 * `dmsfit` run on it as a user runs it (the bundled CLI in a child process, no shell).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  resolveSimulation,
  simulateTruth,
  type SimulationOptions,
  type SimulationTruth,
} from '../../../src/core/simulate/simulate.ts';
import { writeSimulation, type SimulationFiles } from '../../../src/core/simulate/write.ts';
import { bundles } from '../../support/bundles.ts';

export interface SimulatedCli {
  /** The temporary folder (for outputs), and the data file in it. */
  dir: string;
  data: string;
  truth: SimulationTruth;
  files: SimulationFiles;
  /** `dmsfit <args>`, its exit status and output captured. */
  dmsfit: (...args: string[]) => SpawnSyncReturns<string>;
}

/** `simulation` written to `<fresh folder named after prefix>/sim.csv`. */
export async function simulatedCli(
  prefix: string,
  simulation: Partial<SimulationOptions>,
): Promise<SimulatedCli> {
  const dir = mkdtempSync(join(tmpdir(), `dmsfit-${prefix}-`));
  const data = join(dir, 'sim.csv');
  const truth = simulateTruth(resolveSimulation(simulation));
  const files = await writeSimulation(truth, data);
  const { cli } = await bundles();
  const dmsfit = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { dir, data, truth, files, dmsfit };
}
