import type { Command } from 'commander';
import { Option } from 'commander';
import { alphabet } from '../../core/data/alphabet';
import { formatDiagnostic } from '../../core/data/diagnostics';
import { loadDataset } from '../../core/data/load';
import { resolveDataOptions } from '../../core/data/options';
import { loadedModel, readModel } from '../../core/fit/modelFile';
import { predictTable } from '../../core/fit/predictTable';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { OutputRefused } from '../../core/errors';
import { writeCsv, writeCsvAtomically } from '../../core/io/csvWriter';
import { substitutionsText } from '../../core/data/variantTable';
import { EXIT } from '../exitCodes';

/** `dmsfit predict --model model.json FILE [--unknown error|nan] [--out FILE]`: score new variants. */
export function registerPredict(program: Command): void {
  program
    .command('predict')
    .description('score variants with a fitted model (model.json)')
    .requiredOption('-m, --model <model.json>', 'fitted model')
    .argument('<file>', 'CSV/TSV with condition and aa_substitutions columns')
    .option('--condition <name>', 'condition for a file without a condition column')
    .addOption(
      new Option('--unknown <how>', 'rows with unknown mutations, sites or conditions')
        .choices(['error', 'nan'])
        .default('error'),
    )
    .option('-o, --out <file>', 'CSV to write (default: standard output)')
    .action(
      async (
        file: string,
        o: { model: string; condition?: string; unknown: 'error' | 'nan'; out?: string },
      ) => {
        // The output replaces a file of its own, never the table or the model it is made from.
        if (o.out !== undefined) {
          for (const source of [file, o.model])
            if (resolve(o.out) === resolve(source))
              throw new OutputRefused(
                `will not write predictions over ${source}: it is an input; choose another --out`,
              );
          if ((await stat(o.out).catch(() => undefined))?.isDirectory())
            throw new OutputRefused(`will not write predictions to ${o.out}: it is a folder; name a file`);
        }
        const doc = await readModel(o.model);
        const options = resolveDataOptions({
          alphabet: doc.alphabet,
          letterSuffixedSites: doc.letterSuffixedSites,
        });
        const loaded = await loadDataset(
          [{ path: file, ...(o.condition ? { condition: o.condition } : {}) }],
          options,
          {
            keepExtras: false,
            scoreRequired: false,
          },
        );
        if (loaded.errors > 0) {
          for (const d of loaded.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
          process.exitCode = EXIT.inputError;
          return;
        }
        const t = loaded.table;
        const model = loadedModel(doc, alphabet(doc.alphabet).letters);
        let p;
        try {
          p = predictTable(model, t, o.unknown);
        } catch (err) {
          process.stderr.write(`dmsfit: ${err instanceof Error ? err.message : String(err)}\n`);
          process.exitCode = EXIT.inputError;
          return;
        }
        const prediction = p;
        const table = {
          columns: [
            'condition',
            'aa_substitutions',
            'predicted_latent',
            'predicted_func_score',
            'predicted_func_score_effect',
            'aa_subs_wrt_ref',
            'problem',
          ],
          rows: (function* () {
            for (let i = 0; i < t.rows; i++) {
              yield [
                t.conditionNames[t.condition[i]!],
                substitutionsText(t.alphabet, t.keys, t.tokens, t.tokenPtr[i]!, t.tokenPtr[i + 1]!),
                prediction.latent[i],
                prediction.score[i],
                prediction.effect[i],
                prediction.wrtRef[i],
                prediction.problem[i],
              ];
            }
          })(),
        };
        if (o.out === undefined) await writeCsv(process.stdout, table);
        else await writeCsvAtomically(o.out, table);
      },
    );
}
