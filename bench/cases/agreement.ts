/**
 * Replicate agreement at the tool's own choice (issue 25), fitted as a user would through the
 * built CLI: XBB.1.5 libraries 1 and 2 (the four files, conditions and replicates from their
 * names), `--by-replicate --clip-low median-stop --lasso-grid 10`, every other setting at its
 * default (no hold-out), on the machine's cores. Reports the recommended λ, what decided it, and
 * the shift and β correlation between the libraries there, over all the mutations both have and
 * over those both identify; the published multidms pipeline got shift r 0.729 and β r 0.780.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LambdaChoice } from '../../src/core/fit/lambdaChoice';
import { builtCli, report, xbbLibrary } from '../shared';

const NAME = 'agreement xbb15 libs 1+2 as a user fits them (no hold-out)';

async function run(): Promise<void> {
  const cli = builtCli();
  const dir = mkdtempSync(join(tmpdir(), 'dmsfit-bench-agreement-'));
  try {
    const files = [...xbbLibrary(1), ...xbbLibrary(2)].map((i) => i.path);
    const out = join(dir, 'xbb');
    const t0 = performance.now();
    execFileSync(
      process.execPath,
      [
        cli,
        'fit',
        ...files,
        ...[
          '-r',
          'high_ACE2',
          '--by-replicate',
          '--clip-low',
          'median-stop',
          '--lasso-grid',
          '10',
          '-o',
          out,
        ],
      ],
      { stdio: 'pipe' },
    );
    const seconds = (performance.now() - t0) / 1000;
    const { recommended } = JSON.parse(readFileSync(join(out, 'collection.json'), 'utf8')) as {
      recommended?: LambdaChoice;
    };
    const lambda = recommended?.lambda ?? null;
    const rows = readFileSync(join(out, 'correlations.csv'), 'utf8').trim().split('\n').slice(1);
    const at = (parameter: string) =>
      rows
        .map((r) => r.split(','))
        .find(
          (f) => lambda !== null && Number(f[0]) === lambda && f.includes(parameter) && f.at(-1) === 'path',
        );
    const shift = at('shift_medium_ACE2');
    const beta = at('beta_high_ACE2');
    // Columns after the quoted replicate list: parameter, r, mutations, r (identified), mutations, fits.
    const tail = (f: string[] | undefined) => f?.slice(-6) ?? [];
    const r3 = (v: string | undefined) => (v ? Number(v).toFixed(3) : 'none');
    report(NAME, {
      wallSeconds: +seconds.toFixed(1),
      recommendedLambda: lambda ?? 'none',
      decidedBy: recommended?.decidedBy ?? recommended?.reason ?? 'none',
      shiftR: r3(tail(shift)[1]),
      betaR: r3(tail(beta)[1]),
      mutations: tail(beta)[2] ?? 0,
      shiftRIdentified: r3(tail(shift)[3]),
      betaRIdentified: r3(tail(beta)[3]),
      mutationsIdentified: tail(beta)[4] ?? 0,
      published: 'shift r 0.729, β r 0.780',
      // The fit runs in the CLI's processes; this runner's own peak would mislead.
      peakRssMB: 'not measured',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const agreementCases: Record<string, () => Promise<void>> = { [NAME]: run };
