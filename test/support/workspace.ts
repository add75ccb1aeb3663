/**
 * A fresh copy of the test workspace per run, so tests never write into the repository: the
 * hand-written fixtures plus two datasets from the project's simulator — `sim.csv` (fits in about
 * a second), `slow.csv` (three conditions, two libraries, 240,000 rows, about 7 s per fit of the workspace's
 * two λ on 2 cores: long enough to watch a fit fill the panel and to cancel one; at 72,000 rows
 * the fit ended before code-server had drawn the panel once a CI machine was faster) and `large.csv` (100,000 rows).
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveSimulation, simulateTruth } from '../../src/core/simulate/simulate.ts';
import { writeSimulation } from '../../src/core/simulate/write.ts';
import { REPO } from './codeServer.ts';

export const SIMULATED = {
  sim: { seed: 3, sites: 20, conditions: ['a', 'b'], variantsPerCondition: 2000 },
  slow: {
    seed: 5,
    sites: 200,
    conditions: ['Delta', 'BA.1', 'BA.2'],
    variantsPerCondition: 40_000,
    replicates: 2,
  },
  /** 100,000 rows: the size at which typing must stay responsive while diagnostics update. */
  large: { seed: 9, sites: 200, conditions: ['a', 'b'], variantsPerCondition: 50_000 },
} as const;

export async function freshWorkspace(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'dmsfit-ws-'));
  cpSync(join(REPO, 'test/fixtures/workspace'), dir, { recursive: true });
  for (const [name, options] of Object.entries(SIMULATED)) {
    const truth = simulateTruth(resolveSimulation({ ...options, conditions: [...options.conditions] }));
    await writeSimulation(truth, join(dir, `${name}.csv`));
  }
  return dir;
}
