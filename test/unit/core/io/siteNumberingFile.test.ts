/** Finding the site numbering map beside a data file, as the dms-vep pipelines lay them out. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSiteNumberingMapPath, siteNumberingMapBeside } from '../../../../src/core/io/siteNumberingFile.ts';

function folder(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'dmsfit-sitemap-'));
  for (const f of files) writeFileSync(join(dir, f), '');
  return dir;
}

test('site numbering map beside the data: the only one, else the one whose prefix starts the file name', async () => {
  const one = folder(['func_scores.csv', 'site_numbering_map.csv']);
  assert.equal(
    await siteNumberingMapBeside(join(one, 'func_scores.csv')),
    join(one, 'site_numbering_map.csv'),
  );
  const two = folder([
    'BF520_A-220720-1-1_func_scores.csv',
    'TRO11_A-230503-1-1_func_scores.csv',
    'BF520_site_numbering_map.csv',
    'TRO11_site_numbering_map.csv',
  ]);
  assert.equal(
    await siteNumberingMapBeside(join(two, 'TRO11_A-230503-1-1_func_scores.csv')),
    join(two, 'TRO11_site_numbering_map.csv'),
  );
  // Two maps and a file neither names: no guess.
  writeFileSync(join(two, 'other.csv'), '');
  assert.equal(await siteNumberingMapBeside(join(two, 'other.csv')), undefined);
  const none = folder(['func_scores.csv']);
  assert.equal(await siteNumberingMapBeside(join(none, 'func_scores.csv')), undefined);
  const sub = join(none, 'sub');
  mkdirSync(sub);
  assert.equal(await siteNumberingMapBeside(join(sub, 'missing', 'x.csv')), undefined);
});

test('a site numbering map is known by its name, so a selection does not fit it as data', () => {
  assert.ok(isSiteNumberingMapPath('/d/site_numbering_map.csv'));
  assert.ok(isSiteNumberingMapPath('/d/BF520_Site_Numbering_Map.tsv'));
  assert.ok(!isSiteNumberingMapPath('/d/site_numbering_map.csv.bak'));
  assert.ok(!isSiteNumberingMapPath('/d/func_scores.csv'));
});
