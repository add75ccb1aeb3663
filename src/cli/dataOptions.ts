/** Command-line options that say how to read a dataset, shared by validate, prepare and fit. */
import { defaultResultsFolder } from '../core/io/resultsFolder';
import { UserError } from '../core/errors';
import { Option, type Command } from 'commander';
import { ALPHABET_NAMES, type AlphabetName } from '../core/data/alphabet';
import { DEFAULT_COLUMNS } from '../core/data/columns';
import { readManifest } from '../core/data/inputs';
import {
  DEFAULT_DATA_OPTIONS,
  resolveDataOptions,
  type CollapseMode,
  type DataOptions,
} from '../core/data/options';
import type { TableInput } from '../core/data/readTable';

export interface DataCliOptions {
  reference?: string;
  condition?: string;
  replicate?: string;
  manifest?: string;
  conditionColumn: string;
  substitutionsColumn: string;
  scoreColumn: string;
  varianceColumn: string;
  replicateColumn?: string;
  alphabet: AlphabetName;
  letterSuffixedSites?: boolean;
  collapse: CollapseMode;
  dropInvalidRows?: boolean;
  scoreRange: [number, number];
  siteNumberingMap?: string;
}

function parseRange(value: string): [number, number] {
  const parts = value.split(',').map(Number);
  if (parts.length !== 2 || parts.some((x) => !Number.isFinite(x)) || parts[0]! >= parts[1]!) {
    throw new UserError(`expected LOW,HIGH with LOW < HIGH, got '${value}'`);
  }
  return [parts[0]!, parts[1]!];
}

export function addDataOptions(cmd: Command, { reference }: { reference: 'required' | 'optional' }): Command {
  const ref = new Option(
    '-r, --reference <condition>',
    'reference condition (mutations are named against its wildtype)',
  );
  if (reference === 'required') ref.makeOptionMandatory();
  return cmd
    .argument('[files...]', 'CSV/TSV tables of variants')
    .addOption(ref)
    .option(
      '--condition <name>',
      'condition for files without a condition column (default: from the file name)',
    )
    .option(
      '--replicate <name>',
      'replicate for files without a replicate column (default: from the file name)',
    )
    .option('--manifest <json>', 'JSON file listing input files with their condition and replicate')
    .option('--condition-column <name>', 'condition column', DEFAULT_COLUMNS.condition)
    .option('--substitutions-column <name>', 'substitutions column', DEFAULT_COLUMNS.substitutions)
    .option('--score-column <name>', 'functional score column', DEFAULT_COLUMNS.score)
    .option('--variance-column <name>', 'score variance column', DEFAULT_COLUMNS.scoreVar)
    .option('--replicate-column <name>', 'replicate / library column')
    .addOption(
      new Option('--alphabet <name>', 'letters allowed in substitutions')
        .choices(ALPHABET_NAMES)
        .default(DEFAULT_DATA_OPTIONS.alphabet),
    )
    .option('--letter-suffixed-sites', 'accept insertion sites such as 184a')
    .addOption(
      new Option('--collapse <how>', 'merge identical variants within a condition')
        .choices(['none', 'mean', 'median'])
        .default(DEFAULT_DATA_OPTIONS.collapse),
    )
    .option('--drop-invalid-rows', 'leave rows with errors out (listed in dropped.csv) instead of stopping')
    .option(
      '--score-range <low,high>',
      'warn about scores outside this range',
      parseRange,
      DEFAULT_DATA_OPTIONS.typicalScoreRange,
    )
    .option(
      '--site-numbering-map <csv>',
      "a dms-vep site_numbering_map.csv (sequential_site, reference_site, region): the data's sites are its reference sites; plots and outputs add their sequential site and region",
    );
}

export async function resolveData(
  files: string[],
  o: DataCliOptions,
): Promise<{ inputs: TableInput[]; options: DataOptions }> {
  const inputs: TableInput[] = o.manifest ? await readManifest(o.manifest) : [];
  for (const path of files) {
    inputs.push({
      path,
      ...(o.condition !== undefined ? { condition: o.condition } : {}),
      ...(o.replicate !== undefined ? { replicate: o.replicate } : {}),
    });
  }
  if (inputs.length === 0) throw new UserError('no input files (give CSV/TSV paths or --manifest)');
  const options = resolveDataOptions({
    reference: o.reference,
    columns: {
      condition: o.conditionColumn,
      substitutions: o.substitutionsColumn,
      score: o.scoreColumn,
      scoreVar: o.varianceColumn,
      ...(o.replicateColumn !== undefined ? { replicate: o.replicateColumn } : {}),
    },
    alphabet: o.alphabet,
    letterSuffixedSites: o.letterSuffixedSites ?? false,
    collapse: o.collapse,
    dropInvalidRows: o.dropInvalidRows ?? false,
    typicalScoreRange: o.scoreRange,
    siteNumberingMap: o.siteNumberingMap,
  });
  return { inputs, options };
}

/** Default results folder: the first file's (defaultResultsFolder). */
export function defaultResultsDir(inputs: TableInput[]): string {
  return defaultResultsFolder(inputs[0]!.path);
}
