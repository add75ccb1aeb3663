/** The interaction spectrum of one fit of a results folder, written into that fit's spectrum/. */
import { join } from 'node:path';
import { alphabet } from '../core/data/alphabet';
import { loadedModel, readModel } from '../core/fit/modelFile';
import { spectrum, type SpectrumResult } from '../core/spectrum/spectrum';
import { writeSpectrum } from '../core/spectrum/write';
import type { SpectrumRequest } from '../protocol/spectrum';
import { fitFolder } from './readResults';
import type { FitId } from '../core/io/resultsLayout';

/** Draws of the binary view beyond 256 mutant choices, and their seed (as `dmsfit spectrum`). */
const BINARY = { repeats: 19, seed: 1 };

export async function fitSpectrum(
  folder: string,
  fit: FitId,
  request: SpectrumRequest,
): Promise<{ result: SpectrumResult; out: string }> {
  const dir = await fitFolder(folder, fit);
  if (!dir) throw new Error(`no fit ${JSON.stringify(fit)} in ${folder}`);
  const doc = await readModel(join(dir, 'model.json'));
  const result = spectrum(loadedModel(doc, alphabet(doc.alphabet).letters), {
    sites: request.sites,
    scale: request.scale,
    ...(request.background ? { background: request.background } : {}),
    ...(request.binary ? { binary: BINARY } : {}),
  });
  const out = join(dir, 'spectrum');
  await writeSpectrum(out, result, join(dir, 'model.json'));
  return { result, out };
}
