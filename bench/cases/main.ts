/** Entry of the benchmark bundle: `node out/bench/cases.js "<case name>"` runs one case. */
import { agreementCases } from './agreement';
import { cliffCases } from './cliffs';
import { collectionCases } from './collection';
import { dataCases } from './data';
import { defaultCases } from './defaults';
import { estimateCases } from './estimates';
import { fitCases } from './fit';
import { passCases } from './passes';
import { selectionCases } from './selection';
import { spectrumCases } from './spectrum';

const cases: Record<string, () => Promise<void>> = {
  ...dataCases,
  ...fitCases,
  ...passCases,
  ...defaultCases,
  ...collectionCases,
  ...selectionCases,
  ...estimateCases,
  ...agreementCases,
  ...spectrumCases,
  ...cliffCases,
};

const name = process.argv[2];
if (name === '--list') process.stdout.write(JSON.stringify(Object.keys(cases)) + '\n');
else if (!name || !cases[name]) {
  process.stderr.write(`unknown case '${name}'; cases: ${Object.keys(cases).join(' | ')}\n`);
  process.exit(2);
} else {
  cases[name]().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
