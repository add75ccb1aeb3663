/**
 * Job benchmarks (issues 5 and 25): a 5-λ path × 2 replicates on Delta+BA.2 over a pool of 2
 * worker processes, then the combined fit at the recommended λ. Reports wall time, CPU
 * utilisation (Σ worker CPU time / wall time / cores), peak RSS per worker, when each job
 * finished, the time from a job's data being prepared to its first progress message, and what
 * the selection cost and found (the combined fit's seconds, its confident shifts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { resolveDataOptions } from '../../src/core/data/options';
import { resolveModelOptions } from '../../src/core/model/options';
import { resolveSolverOptions } from '../../src/core/solve/options';
import { runCollection } from '../../src/jobs/collection';
import { deltaBa2, report } from '../shared';

/** The fitter and, beside it, its helper-thread script (passThreads.ts looks for it there). */
async function fitterBundle(): Promise<string> {
  await esbuild.build({
    entryPoints: {
      fitter: resolve(__dirname, '../../src/fitter/main.ts'),
      passWorker: resolve(__dirname, '../../src/core/model/passWorker.ts'),
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outdir: __dirname,
    // As in scripts/build.mjs: vega-canvas's Node build awaits the native `canvas` at top level.
    alias: {
      'vega-canvas': resolve(__dirname, '../../node_modules/vega-canvas/build/vega-canvas.browser.js'),
    },
    logLevel: 'warning',
  });
  return resolve(__dirname, 'fitter.js');
}

export const collectionCases: Record<string, () => Promise<void>> = {
  'collection delta+ba2 5 λ × 2 replicates, 2 workers': async () => {
    const name = 'collection delta+ba2 5 λ × 2 replicates, 2 workers';
    const script = await fitterBundle();
    const dir = mkdtempSync(join(tmpdir(), 'dmsfit-bench-'));
    const inputs = deltaBa2().map((i) => ({
      ...i,
      ...(i.condition ? { replicate: i.path.includes('Lib1-') ? '1' : '2' } : {}),
    }));
    const prepared = new Map<string, number>();
    const firstProgress: number[] = [];
    const cpu: number[] = [];
    const rss: number[] = [];
    const finished: number[] = [];
    const t0 = performance.now();
    const result = await runCollection(
      {
        base: {
          inputs,
          data: resolveDataOptions({
            reference: 'Delta',
            columns: { ...resolveDataOptions().columns, replicate: 'replicate' },
            clip: { low: -3.5, high: 2.5 },
          }),
          model: resolveModelOptions({ ridgeBeta: 1e-7 }),
          solver: resolveSolverOptions({ maxSeconds: 30 }),
          lasso: [0, 1e-5, 2e-5, 4e-5, 8e-5],
          holdout: { fraction: 0.2, seed: 1 },
          version: 'bench',
        },
        out: join(dir, 'collection'),
        writer: 'the benchmark',
        replicates: ['1', '2'],
      },
      {
        script,
        concurrency: 2,
        onMessage: (job, m) => {
          if (m.type === 'prepared') prepared.set(job, performance.now());
          if (m.type === 'progress' && prepared.has(job)) {
            firstProgress.push(performance.now() - prepared.get(job)!);
            prepared.delete(job);
          }
          if (m.type === 'done') {
            cpu.push(m.cpuSeconds ?? NaN);
            rss.push(m.peakRssMB ?? NaN);
            finished.push((performance.now() - t0) / 1000);
          }
        },
      },
    );
    const wall = (performance.now() - t0) / 1000;
    const cores = Math.min(2, availableParallelism());
    rmSync(dir, { recursive: true, force: true });
    const pathAt = result.recommended?.perLambda.find((p) => p.lambda === result.recommended?.lambda);
    const r3 = (v: number | null | undefined) => (v == null ? 'none' : v.toFixed(3));
    report(name, {
      status: result.status,
      fits: result.fits.length,
      converged: result.fits.filter((f) => f.summary.converged).length,
      wallSeconds: +wall.toFixed(1),
      coresBusy: +(cpu.reduce((a, b) => a + b, 0) / wall).toFixed(2),
      utilisation: `${((100 * cpu.reduce((a, b) => a + b, 0)) / wall / cores).toFixed(0)}%`,
      // Replicate paths are warm-started chains: the core that finishes first then idles.
      jobSecondsToDone: finished.map((t) => t.toFixed(1)).join(' / '),
      workerPeakRssMB: rss.map((r) => Math.round(r)).join(' / '),
      firstProgressMsAfterPrepare: firstProgress.map((t) => Math.round(t)).join(' / '),
      recommendedLambda: result.recommended?.lambda ?? 'none',
      decidedBy: result.recommended?.decidedBy ?? 'none',
      // The selection's cost: the combined fit of both replicates at the recommended λ (its
      // job's time is inside wallSeconds) and its confident shifts.
      combinedSeconds: result.combined ? +result.combined.seconds.toFixed(1) : 'none',
      confidentShifts: result.combined
        ? Object.entries(result.combined.conditions)
            .filter(([, c]) => c.nonzeroShifts > 0)
            .map(([name, c]) => `${name} ${c.confidentShifts} of ${c.nonzeroShifts}`)
            .join(', ')
        : 'none',
      // Each replicate refitted on all its variants there (in parallel with the combined fit),
      // and the agreement those estimates reach against the path's fits on the training part.
      refitSeconds: result.allVariants
        ? result.allVariants.fits.map((f) => f.summary.seconds.toFixed(1)).join(' / ')
        : 'none',
      agreement: result.allVariants
        ? `shift r ${r3(pathAt?.shiftAgreement)} → ${r3(result.allVariants.shiftAgreement)}, β r ${r3(pathAt?.betaAgreement)} → ${r3(result.allVariants.betaAgreement)}`
        : 'none',
    });
  },
};
