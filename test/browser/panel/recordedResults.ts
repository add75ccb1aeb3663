/** The results the panel's browser scenarios are drawn from. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliSandbox } from './sandbox.ts';

/**
 * A real results folder: a simulated dataset, two replicates, a λ path with hold-out, and a site
 * numbering map giving the 60 sites three regions (site 60 left out of the map).
 */
export async function recordedResults(): Promise<string> {
  const { dir, data, run } = await cliSandbox('panel');
  run([
    'simulate',
    '--out',
    data,
    '--seed',
    '8',
    '--sites',
    '60',
    '--variants',
    '6000',
    '--replicates',
    '2',
    '--conditions',
    'h1,h2,h3',
  ]);
  const map = join(dir, 'site_numbering_map.csv');
  const region = (s: number) => (s <= 20 ? 'NTD' : s <= 45 ? 'RBD' : 'S2');
  const rows = Array.from({ length: 59 }, (_, i) => `${i + 1},${i + 1},${region(i + 1)}\n`);
  writeFileSync(map, `sequential_site,reference_site,region\n${rows.join('')}`);
  run([
    'fit',
    data,
    '-r',
    'h1',
    '--alphabet',
    'aa-stop',
    '--replicate-column',
    'replicate',
    '--lasso',
    '2e-4,5e-5',
    '--holdout',
    '0.2',
    '--site-numbering-map',
    map,
    '-o',
    join(dir, 'sim.dmsfit'),
  ]);
  return join(dir, 'sim.dmsfit');
}
