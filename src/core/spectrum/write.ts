/**
 * A spectrum's files: spectrum.json (everything) and CSV tables — energy per order, per site
 * subset, the largest coefficients, and the binary draws — written atomically into one folder.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeDirAtomically } from '../io/atomicDir';
import { writeCsv } from '../io/csvWriter';
import type { SpectrumResult } from './spectrum';

/** Writes the spectrum's files into `dir` atomically; `model` (its input) is never replaced. */
export async function writeSpectrum(dir: string, result: SpectrumResult, model: string): Promise<string[]> {
  const files = ['spectrum.json', 'orders.csv', 'subsets.csv', 'coefficients.csv'];
  const binary = result.conditions.some((c) => c.binary);
  if (binary) files.push('binary.csv');
  await writeDirAtomically(
    dir,
    async (tmp) => {
      await writeFile(join(tmp, 'spectrum.json'), JSON.stringify(result, null, 2) + '\n');
      await writeCsv(join(tmp, 'orders.csv'), {
        columns: ['condition', 'order', 'energy', 'share', 'coefficients'],
        rows: result.conditions.flatMap((c) =>
          c.orders.map((o) => [c.condition, o.order, o.energy, o.share, o.coefficients]),
        ),
      });
      await writeCsv(join(tmp, 'subsets.csv'), {
        columns: ['condition', 'sites', 'order', 'energy', 'share'],
        rows: result.conditions.flatMap((c) =>
          c.subsets.map((s) => [c.condition, s.sites.join(' '), s.sites.length, s.energy, s.share]),
        ),
      });
      await writeCsv(join(tmp, 'coefficients.csv'), {
        columns: ['condition', 'rank', 'sites', 'frequency', 'order', 're', 'im', 'magnitude', 'share'],
        rows: result.conditions.flatMap((c) =>
          c.top.map((t, i) => [
            c.condition,
            i + 1,
            t.sites.join(' '),
            t.frequency.join(' '),
            t.order,
            t.re,
            t.im,
            t.magnitude,
            t.share,
          ]),
        ),
      });
      if (binary)
        await writeCsv(join(tmp, 'binary.csv'), {
          columns: ['condition', 'mutants', 'sparsity', 'ruggedness'],
          rows: result.conditions.flatMap((c) =>
            (c.binary?.draws ?? []).map((d) => [
              c.condition,
              d.mutants.map((m, j) => `${c.sites[j]!.letters[0]}${c.sites[j]!.site}${m}`).join(' '),
              d.sparsity,
              d.ruggedness,
            ]),
          ),
        });
    },
    { inputs: [model], lockedBy: 'a spectrum analysis' },
  );
  return files.map((f) => join(dir, f));
}
