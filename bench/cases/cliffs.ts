/**
 * Cliffs (issue 24): seconds and peak RSS where input size used to hurt — a 10 MB and a 30 MB
 * line, a quoted million rows, a 2 GB file — and the whole chain on a million rows: validate,
 * prepare, fit (2 iterations), report and what the panel loads. Target: ≤ 500 MB each, and a
 * 2 GB file validated in the memory a small one takes.
 */
import { spawnSync } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { loadDataset } from '../../src/core/data/load';
import { resolveDataOptions } from '../../src/core/data/options';
import { runFitJob } from '../../src/core/fit/fitJob';
import { resolveModelOptions } from '../../src/core/model/options';
import { resolveSolverOptions } from '../../src/core/solve/options';
import { writeReport } from '../../src/results/report';
import { readResultsIndex } from '../../src/results/readResults';
import { readFitDetail } from '../../src/results/readFitDetail';
import { chosenFit } from '../../src/plots/model';
import { report, synthetic1M } from '../shared';
import { DEFAULT_LASSO } from '../../src/core/fit/lassoText';

const DIR = join(tmpdir(), 'dmsfit-bench');
const H = 'condition,aa_substitutions,func_score\n';

async function timed<T>(body: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const t0 = performance.now();
  const value = await body();
  return { seconds: +((performance.now() - t0) / 1000).toFixed(2), value };
}

async function validateFile(name: string, path: string): Promise<void> {
  const { seconds, value } = await timed(() =>
    loadDataset([{ path }], resolveDataOptions(), { keepRows: false }),
  );
  const rows = value.rowsPerFile.reduce((a, b) => a + b, 0);
  report(name, { bytes: statSync(path).size, rows, seconds, errors: value.errors });
}

function longLine(megabytes: number): string {
  const path = join(DIR, `line-${megabytes}MB.csv`);
  if (!existsSync(path)) {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(path, `${H}a,M1E,1\na,M${'1'.repeat(megabytes * 2 ** 20)}E,1\nb,M1E,2\n`);
  }
  return path;
}

/** The synthetic million with every condition quoted: the quoted path of the reader. */
async function quoted1M(): Promise<string> {
  const path = join(DIR, 'synthetic-1M-quoted-v1.csv');
  if (existsSync(path)) return path;
  const out = createWriteStream(`${path}.tmp`);
  let carry = '';
  for await (const chunk of createReadStream(await synthetic1M(), { encoding: 'utf8' })) {
    const lines = (carry + chunk).split('\n');
    carry = lines.pop()!;
    if (
      !out.write(
        lines.map((l) => (l.startsWith('condition') ? l : `"${l.replace(',', '",')}`)).join('\n') + '\n',
      )
    )
      await once(out, 'drain');
  }
  out.end(carry);
  await once(out, 'finish');
  renameSync(`${path}.tmp`, path);
  return path;
}

/** 2 GiB of rows: the synthetic million's body again and again under one header. */
async function twoGB(): Promise<string> {
  const path = join(DIR, 'synthetic-2GB-v1.csv');
  if (existsSync(path)) return path;
  const source = await synthetic1M();
  const out = createWriteStream(`${path}.tmp`);
  let written = 0;
  let first = true;
  while (written < 2 * 2 ** 30) {
    let skipHeader = !first;
    for await (const chunk of createReadStream(source)) {
      let bytes = chunk as Buffer;
      if (skipHeader) {
        bytes = bytes.subarray(bytes.indexOf(10) + 1);
        skipHeader = false;
      }
      written += bytes.length;
      if (!out.write(bytes)) await once(out, 'drain');
    }
    first = false;
  }
  out.end();
  await once(out, 'finish');
  renameSync(`${path}.tmp`, path);
  return path;
}

const FIT_OUT = join(DIR, 'fit-1M-2it.dmsfit');

async function fit1M(): Promise<void> {
  const { seconds, value } = await timed(() =>
    runFitJob({
      inputs: [{ path: FIT_SOURCE }],
      data: resolveDataOptions({ reference: 'h1' }),
      model: resolveModelOptions(),
      lasso: [...DEFAULT_LASSO],
      solver: resolveSolverOptions({ maxIterations: 2 }),
      out: FIT_OUT,
      version: 'bench',
    }),
  );
  report('fit 1M (2 iterations)', {
    seconds,
    variants: value.data.keptVariants,
    iterations: value.fits[0]!.iterations,
  });
}
let FIT_SOURCE = '';

/** The 1M results folder, made by the fit case in its own process if absent. */
function fitted(): string {
  if (!existsSync(join(FIT_OUT, 'model.json')))
    spawnSync(process.execPath, [process.argv[1]!, 'fit 1M (2 iterations)'], { stdio: 'inherit' });
  return FIT_OUT;
}

export const cliffCases: Record<string, () => Promise<void>> = {
  'validate 10 MB line': () => validateFile('validate 10 MB line', longLine(10)),
  'validate 30 MB line': () => validateFile('validate 30 MB line', longLine(30)),
  'validate 1M quoted': async () => validateFile('validate 1M quoted', await quoted1M()),
  'validate 2 GB': async () => validateFile('validate 2 GB', await twoGB()),
  'fit 1M (2 iterations)': async () => {
    FIT_SOURCE = await synthetic1M();
    await fit1M();
  },
  'report 1M': async () => {
    const folder = fitted();
    const { seconds, value } = await timed(() => writeReport(folder, 'bench'));
    report('report 1M', { seconds, plots: value.plots.length });
  },
  'panel load 1M': async () => {
    const folder = fitted();
    const { seconds, value } = await timed(async () => {
      const index = (await readResultsIndex(folder))!;
      const fit = chosenFit(index) ?? index.fits[0]!;
      return readFitDetail(folder, fit.id);
    });
    report('panel load 1M', { seconds, sampledVariants: value!.variants.condition.length });
  },
};
