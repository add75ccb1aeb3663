/**
 * Reading a dataset: every input file through one TableReader (so wildtype conflicts are found
 * across files of a condition), then dataset-level checks such as the reference condition.
 */
import { alphabet } from './alphabet';
import { DATASET_ERRORS, type Diagnostic } from './diagnostics';
import type { DataOptions } from './options';
import { fitReadiness } from './fitReadiness';
import { TableReader, type RejectedRow, type TableInput } from './readTable';
import type { VariantTable } from './variantTable';

export interface LoadedDataset {
  table: VariantTable;
  diagnostics: Diagnostic[];
  errors: number;
  warnings: number;
  /** Rows left out because of errors. */
  rejected: RejectedRow[];
  /** Data rows read per file (accepted or not). */
  rowsPerFile: number[];
}

export interface LoadOptions {
  /** Build the table; `false` only validates (faster, constant memory). Default true. */
  keepRows?: boolean;
  /** Keep non-model columns for the outputs (validation does not need them). Default true. */
  keepExtras?: boolean;
  /** Cap on listed diagnostics per code and file. Default 1000. */
  maxDiagnosticsPerCode?: number;
  /** Require the score column. Default true (false for tables to be scored by a model). */
  scoreRequired?: boolean;
  /** The data are read for a fit: also check that they give it something to learn (fitReadiness.ts). */
  forFit?: boolean;
}

export async function loadDataset(
  inputs: TableInput[],
  options: DataOptions,
  load: LoadOptions = {},
): Promise<LoadedDataset> {
  if (inputs.length === 0) throw new Error('no input files');
  const reader = new TableReader({
    columns: options.columns,
    alphabet: alphabet(options.alphabet),
    letterSuffixedSites: options.letterSuffixedSites,
    typicalScoreRange: options.typicalScoreRange,
    keepRows: load.keepRows ?? true,
    keepExtras: (load.keepRows ?? true) && (load.keepExtras ?? true),
    maxDiagnosticsPerCode: load.maxDiagnosticsPerCode,
    scoreRequired: load.scoreRequired ?? true,
  });
  const rowsPerFile: number[] = [];
  for (const input of inputs) rowsPerFile.push(await reader.read(input));
  const table = reader.builder.build();
  const sink = reader.sink;
  for (const f of [...reader.conditionSpellings.findings(), ...reader.replicateSpellings.findings()])
    sink.add(f);
  if (load.forFit)
    for (const f of fitReadiness(reader.tally, table.conditionNames, inputs[0]!.path)) sink.add(f);
  // (When no file could be read at all, their own errors say why; "not in the data" would be noise.)
  const nothingRead = table.conditionNames.length === 0 && sink.errors > 0;
  if (options.reference !== undefined && !nothingRead && !table.conditionNames.includes(options.reference)) {
    const known = [...table.conditionNames].sort().join(', ') || 'none';
    sink.add({
      file: inputs[0]!.path,
      line: 1,
      start: 0,
      end: 0,
      code: 'unknown-reference',
      message: `reference condition '${options.reference}' is not in the data (conditions: ${known})`,
    });
  }
  const diagnostics = sink.finish();
  return {
    table,
    diagnostics,
    errors: sink.errors,
    warnings: sink.warnings,
    rejected: reader.rejected,
    rowsPerFile,
  };
}

/**
 * Whether the data may go on to preparation: not with dataset-level errors, and not with row
 * errors unless the user asked to leave such rows out.
 */
export function usable(loaded: LoadedDataset, options: DataOptions): boolean {
  if (loaded.errors === 0) return true;
  if (!options.dropInvalidRows) return false;
  return loaded.diagnostics.every((d) => d.severity !== 'error' || !DATASET_ERRORS.has(d.code));
}
