/**
 * Writes a simulation: the data table (CSV) and, beside it, the truth — every mutation's β per
 * condition and its shifts (CSV), plus θ, intercepts and wildtypes (JSON).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeCsv, type Cell } from '../io/csvWriter';
import { SIMULATION_LETTERS, simulateRows, type SimulationTruth } from './simulate';

export interface SimulationFiles {
  data: string;
  truthCsv: string;
  truthJson: string;
  rows: number;
}

export function truthPaths(dataPath: string): { truthCsv: string; truthJson: string } {
  const stem = dataPath.replace(/\.(csv|tsv)$/i, '');
  return { truthCsv: `${stem}.truth.csv`, truthJson: `${stem}.truth.json` };
}

export async function writeSimulation(truth: SimulationTruth, dataPath: string): Promise<SimulationFiles> {
  await mkdir(dirname(dataPath), { recursive: true });
  const replicates = truth.options.replicates > 1;
  let rows = 0;
  const columns = ['condition', 'aa_substitutions', 'func_score', 'func_score_var'];
  if (replicates) columns.push('replicate');
  await writeCsv(dataPath, {
    columns,
    rows: (function* () {
      for (const r of simulateRows(truth)) {
        rows++;
        const row: Cell[] = [r.condition, r.substitutions, round(r.score), round(r.variance)];
        if (replicates) row.push(r.replicate);
        yield row;
      }
    })(),
  });
  const { truthCsv, truthJson } = truthPaths(dataPath);
  const D = truth.conditions.length;
  const A = SIMULATION_LETTERS.length;
  const ref = truth.wildtypes[0]!;
  await writeCsv(truthCsv, {
    columns: [
      'mutation',
      ...truth.conditions.map((c) => `beta_${c}`),
      ...truth.conditions.slice(1).map((c) => `shift_${c}`),
    ],
    rows: (function* () {
      for (let s = 0; s < truth.options.sites; s++) {
        for (let a = 0; a < A; a++) {
          if (SIMULATION_LETTERS[a] === ref[s]) continue;
          const betas = truth.beta.map((b) => b[s * A + a]!);
          const name = `${ref[s]}${s + 1}${SIMULATION_LETTERS[a]}`;
          yield [name, ...betas, ...betas.slice(1).map((b) => b - betas[0]!)];
        }
      }
    })(),
  });
  const json = {
    conditions: truth.conditions,
    reference: truth.conditions[0],
    wildtypes: Object.fromEntries(truth.conditions.map((c, d) => [c, truth.wildtypes[d]])),
    theta: { ge_scale: truth.theta[0], ge_bias: truth.theta[1] },
    beta0: Object.fromEntries(truth.conditions.map((c, d) => [c, truth.beta0[d]])),
    options: truth.options,
    nonReferenceConditions: D - 1,
  };
  await writeFile(truthJson, JSON.stringify(json, null, 2) + '\n');
  return { data: dataPath, truthCsv, truthJson, rows };
}

/** Six significant digits: like real func_score tables, and keeps files small. */
function round(x: number): number {
  return Number(x.toPrecision(6));
}
