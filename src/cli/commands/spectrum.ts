import { dirname, join } from 'node:path';
import { Option, type Command } from 'commander';
import { alphabet } from '../../core/data/alphabet';
import { loadedModel, readModel } from '../../core/fit/modelFile';
import { spectrum, type ConditionSpectrum } from '../../core/spectrum/spectrum';
import { writeSpectrum } from '../../core/spectrum/write';

function count(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`expected a positive integer, got '${v}'`);
  return n;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function describe(c: ConditionSpectrum): string {
  const lines = [
    `${c.condition}: ${c.points.toLocaleString('en-US')} sequences over sites ${c.sites.map((s) => `${s.site} (${s.letters.length})`).join(', ')}; ${c.seconds.toFixed(2)} s`,
    `  variance ${c.variance.toPrecision(4)}; by order: ${c.orders
      .slice(1)
      .map((o) => `${o.order}: ${pct(o.share)}`)
      .join(', ')}`,
    `  ruggedness ${c.ruggedness.toFixed(3)}, sparsity ${c.sparsity.toFixed(4)}`,
    `  largest: ${c.top
      .slice(0, 5)
      .map((t) => `{${t.sites.join(',')}} ${pct(t.share)}`)
      .join(', ')}`,
  ];
  if (c.binary)
    lines.push(
      `  binary (${c.binary.draws.length} ${c.binary.exhaustive ? 'choices, all' : 'random draws'}): ruggedness ${c.binary.ruggedness.mean.toFixed(3)} ± ${c.binary.ruggedness.sd.toFixed(3)}, sparsity ${c.binary.sparsity.mean.toFixed(3)} ± ${c.binary.sparsity.sd.toFixed(3)}`,
    );
  return lines.join('\n');
}

/** `dmsfit spectrum`: q-ary Fourier analysis of a fitted model's landscape on chosen sites. */
export function registerSpectrum(program: Command): void {
  program
    .command('spectrum')
    .description(
      "Fourier analysis of a fitted model's landscape over every combination of states at chosen sites: energy per interaction order, ruggedness and sparsity (Tsui & Aghazadeh)",
    )
    .requiredOption('-m, --model <file>', 'model.json written by dmsfit fit')
    .requiredOption('-s, --sites <list>', 'comma-separated sites, e.g. 498,501,505', (v) =>
      v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .option('-c, --condition <name...>', 'conditions to analyse (default: all)')
    .addOption(
      new Option('--scale <scale>', 'observed: predicted functional score; latent: additive by construction')
        .choices(['observed', 'latent'])
        .default('observed'),
    )
    .option('--background <substitutions>', "a variant under the grid, e.g. 'K417N N440K' (not at the sites)")
    .option('--top <n>', 'largest coefficients reported', count, 20)
    .option('--binary', 'also the binary view: one mutant per site, Walsh–Hadamard')
    .option('--repeats <n>', 'random mutant choices in the binary view beyond 256', count, 19)
    .option('--seed <n>', 'seed of those choices', count, 1)
    .option('-o, --out <dir>', 'output folder (default: spectrum/ beside the model)')
    .option('--json', 'print spectrum.json to standard output instead of a summary')
    .action(async (o: Record<string, unknown>) => {
      const modelPath = o.model as string;
      const doc = await readModel(modelPath);
      const model = loadedModel(doc, alphabet(doc.alphabet).letters);
      const result = spectrum(model, {
        sites: o.sites as string[],
        ...(o.condition ? { conditions: o.condition as string[] } : {}),
        scale: o.scale as 'observed' | 'latent',
        ...(o.background ? { background: o.background as string } : {}),
        top: o.top as number,
        ...(o.binary ? { binary: { repeats: o.repeats as number, seed: o.seed as number } } : {}),
      });
      const out = (o.out as string | undefined) ?? join(dirname(modelPath), 'spectrum');
      await writeSpectrum(out, result, modelPath);
      if (o.json) {
        process.stdout.write(JSON.stringify(result) + '\n');
        return;
      }
      process.stdout.write(`${result.conditions.map(describe).join('\n')}\n`);
      for (const note of result.notes) process.stdout.write(`note: ${note}\n`);
      process.stdout.write(`written to ${out}\n`);
    });
}
