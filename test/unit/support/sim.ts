/** Prepared data from the project's simulator, for model and solver tests. */
import { toCsvText } from '../../../src/core/io/csvWriter.ts';
import type { PreparedData } from '../../../src/core/data/prepare/prepare.ts';
import {
  resolveSimulation,
  simulateRows,
  simulateTruth,
  type SimulationOptions,
  type SimulationTruth,
} from '../../../src/core/simulate/simulate.ts';
import { prepare } from './data.ts';

export async function simulatedPrepared(
  options: Partial<SimulationOptions>,
): Promise<{ prepared: PreparedData; truth: SimulationTruth; text: string }> {
  const truth = simulateTruth(resolveSimulation(options));
  const rows = [...simulateRows(truth)].map((r) => [r.condition, r.substitutions, r.score, r.variance]);
  const text = toCsvText({
    columns: ['condition', 'aa_substitutions', 'func_score', 'func_score_var'],
    rows,
  });
  const prepared = await prepare(text, { reference: truth.conditions[0]!, alphabet: 'aa-stop' });
  return { prepared, truth, text };
}
