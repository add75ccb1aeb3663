/** Inputs shared by benchmark cases: the real data beside the repo and a cached synthetic table. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TableInput } from '../src/core/data/readTable';
import { resolveSimulation, simulateTruth } from '../src/core/simulate/simulate';
import { writeSimulation } from '../src/core/simulate/write';

export const SHARED_DATA = resolve(__dirname, '../../../shared/data');

export function sharedFile(rel: string): string {
  const p = join(SHARED_DATA, rel);
  if (!existsSync(p)) throw new Error(`benchmark input missing: ${p} (../shared/data beside the repository)`);
  return p;
}

/** Delta (condition column, replicates 1-2) + BA.2 (three per-selection files, condition BA.2). */
export function deltaBa2(): TableInput[] {
  return [
    { path: sharedFile('spike_delta_ba2/delta_training_multidms_paper_preproc.csv') },
    ...['Lib1-221023', 'Lib2-221022', 'Lib2-221023'].map((lib) => ({
      path: sharedFile(`spike_delta_ba2/${lib}_high_ACE2_func_scores.csv`),
      condition: 'BA.2',
    })),
  ];
}

/**
 * XBB.1.5 library 1 or 2, high vs medium ACE2 (reference high_ACE2): condition and replicate come
 * from the file names.
 */
export function xbbLibrary(lib: 1 | 2): TableInput[] {
  return ['high', 'medium'].map((c) => ({
    path: sharedFile(`xbb15/Lib${lib}-230614_${c}_ACE2_func_scores.csv`),
  }));
}

/** HIV Env of BF520 and TRO11 (letter-suffixed sites such as 184a; reference BF520). */
export function hivEnv(): TableInput[] {
  return [
    { path: sharedFile('hiv_env/BF520_A-220720-1-1_func_scores.csv'), condition: 'BF520' },
    { path: sharedFile('hiv_env/TRO11_A-230503-1-1_func_scores.csv'), condition: 'TRO11' },
  ];
}

/** GFP (Sarkisyan 2016): one condition, up to 15 substitutions per variant. */
export function gfp(): TableInput[] {
  return [{ path: sharedFile('gfp/gfp_sarkisyan2016_aa_substitutions.csv'), condition: 'avGFP' }];
}

/** The CLI as users run it (dist/cli.js), built from these sources first. */
export function builtCli(): string {
  const root = resolve(__dirname, '../..');
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'ignore' });
  return join(root, 'dist/cli.js');
}

/**
 * A simulated table of two backgrounds, 1,000 sites and `perCondition` variants each, generated
 * once per machine: 500,000 each for the 1M-row cases, 350,000 for the fit target's ~700k rows.
 */
export async function synthetic(perCondition: number): Promise<string> {
  const name = perCondition === 500_000 ? 'synthetic-1M-v1.csv' : `synthetic-${2 * perCondition}-v1.csv`;
  const path = join(tmpdir(), 'dmsfit-bench', name);
  if (existsSync(path)) return path;
  const truth = simulateTruth(
    resolveSimulation({
      seed: 11,
      sites: 1000,
      nonIdenticalSites: 40,
      variantsPerCondition: perCondition,
      meanSubstitutions: 2.5,
    }),
  );
  await writeSimulation(truth, path);
  return path;
}

export const synthetic1M = (): Promise<string> => synthetic(500_000);

/** What each case prints (one JSON line) for the runner to tabulate. */
export interface BenchResult {
  case: string;
  metrics: Record<string, number | string>;
}

/** The process's peak resident memory so far, in MB. */
export function peakRssMB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** Prints one case's metrics; peak RSS is the process's so far unless the case measured its own. */
export function report(name: string, metrics: Record<string, number | string>): void {
  const peak = metrics.peakRssMB ?? peakRssMB();
  process.stdout.write(
    JSON.stringify({ case: name, metrics: { ...metrics, peakRssMB: peak } } satisfies BenchResult) + '\n',
  );
}
