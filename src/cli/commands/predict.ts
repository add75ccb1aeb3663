import type { Command } from 'commander';
import { Option } from 'commander';
import { alphabet } from '../../core/data/alphabet';
import { formatDiagnostic } from '../../core/data/diagnostics';
import { loadDataset } from '../../core/data/load';
import { resolveDataOptions } from '../../core/data/options';
import { loadedModel, readModel } from '../../core/fit/modelFile';
import { predictTable, type Prediction } from '../../core/fit/predictTable';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { OutputRefused } from '../../core/errors';
import { writeCsv, writeCsvAtomically, type OutputTable } from '../../core/io/csvWriter';
import { substitutionsText, type VariantTable } from '../../core/data/variantTable';
import { writeFileAtomically } from '../../core/io/atomicDir';
import { isLabelled, tableLoss, type TableLoss } from '../../core/fit/tableLoss';
import { EXIT } from '../exitCodes';

/** One line: the loss per condition with its rows, and their mean. */
function lossLine(l: TableLoss): string {
  const parts = l.conditions.map(
    (c) => `${c.condition} ${c.loss === null ? '—' : c.loss.toPrecision(6)} (${c.rows} rows)`,
  );
  return `loss, ${l.lossName} as in the fit: ${parts.join(', ')}; mean over conditions ${l.loss === null ? '—' : l.loss.toPrecision(6)}`;
}

interface PredictOptions {
  model: string;
  condition?: string;
  unknown: 'error' | 'nan';
  out?: string;
  lossJson?: string;
}

/** `dmsfit predict --model model.json FILE [--unknown error|nan] [--out FILE]`: score new variants. */
export function registerPredict(program: Command): void {
  program
    .command('predict')
    .description('score variants with a fitted model (model.json)')
    .requiredOption('-m, --model <model.json>', 'fitted model')
    .argument('<file>', 'CSV/TSV with condition and aa_substitutions columns (and func_score, for the loss)')
    .option('--condition <name>', 'condition for a file without a condition column')
    .addOption(
      new Option('--unknown <how>', 'rows with unknown mutations, sites or conditions')
        .choices(['error', 'nan'])
        .default('error'),
    )
    .option('-o, --out <file>', 'CSV to write (default: standard output)')
    .option(
      '--loss-json <file>',
      "with func_score in the table: write the fit's loss on it per condition (multidms get_df_loss) as JSON",
    )
    .action(predict);
}

async function predict(file: string, o: PredictOptions): Promise<void> {
  await refuseInputsAsOutputs(file, o);
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
  // Malformed rows are left out with their diagnostics (line and column); the rest are scored.
  for (const d of loaded.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
  const t = loaded.table;
  if (loaded.errors > 0)
    process.stderr.write(`dmsfit: skipped ${loaded.rejected.length} rows with errors (listed above)\n`);
  if (t.rows === 0) {
    process.stderr.write(`dmsfit: ${file} has no rows to score\n`);
    process.exitCode = EXIT.inputError;
    return;
  }
  const model = loadedModel(doc, alphabet(doc.alphabet).letters);
  let prediction: Prediction;
  try {
    prediction = predictTable(model, t, o.unknown);
  } catch (err) {
    process.stderr.write(`dmsfit: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = EXIT.inputError;
    return;
  }
  const table = predictionsTable(t, prediction);
  if (o.out === undefined) await writeCsv(process.stdout, table);
  else await writeCsvAtomically(o.out, table);
  if (!isLabelled(t)) {
    if (o.lossJson !== undefined) {
      process.stderr.write(`dmsfit: ${file} has no func_score, so there is no loss to write\n`);
      process.exitCode = EXIT.inputError;
    }
    return;
  }
  const loss = tableLoss(doc, t, prediction);
  process.stderr.write(`${lossLine(loss)}\n`);
  if (o.lossJson !== undefined) await writeFileAtomically(o.lossJson, JSON.stringify(loss, null, 2) + '\n');
}

/** The outputs replace files of their own, never the table or the model they are made from. */
async function refuseInputsAsOutputs(file: string, o: PredictOptions): Promise<void> {
  for (const [target, what] of [
    [o.out, 'predictions'],
    [o.lossJson, 'the loss'],
  ] as const) {
    if (target === undefined) continue;
    for (const source of [file, o.model])
      if (resolve(target) === resolve(source))
        throw new OutputRefused(`will not write ${what} over ${source}: it is an input; choose another file`);
    if ((await stat(target).catch(() => undefined))?.isDirectory())
      throw new OutputRefused(`will not write ${what} to ${target}: it is a folder; name a file`);
  }
  if (o.out !== undefined && o.lossJson !== undefined && resolve(o.out) === resolve(o.lossJson))
    throw new OutputRefused('--out and --loss-json name the same file');
}

/** The predictions CSV: each row's condition and substitutions, its score if labelled, and the model's predictions. */
function predictionsTable(t: VariantTable, prediction: Prediction): OutputTable {
  const labelled = isLabelled(t);
  return {
    columns: [
      'condition',
      'aa_substitutions',
      ...(labelled ? ['func_score'] : []),
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
          ...(labelled ? [t.score[i]] : []),
          prediction.latent[i],
          prediction.score[i],
          prediction.effect[i],
          prediction.wrtRef[i],
          prediction.problem[i],
        ];
      }
    })(),
  };
}
