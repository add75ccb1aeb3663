/**
 * Site numbering maps (dms-vep's site_numbering_map.csv): read with each problem at its cell,
 * and matched to a fit's sites with the warnings a wrong or partial map deserves.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { numberSites, readSiteNumbering } from '../../../../src/core/data/siteNumbering.ts';
import { parseSiteLabel } from '../../../../src/core/data/sites.ts';

const MAP = `sequential_site,sequential_wt,reference_site,reference_wt,region
1,M,1,M,signal peptide
2,R,2,R,signal peptide
3,A,2a,-,signal peptide
4,K,3,K,gp120
5,E,4,-,
`;

const key = (label: string) => parseSiteLabel(label);

test('site numbering map: every row read, insertion sites as their own sites, an empty region kept empty', async () => {
  const { numbering, diagnostics, errors } = await readSiteNumbering({ path: 'm.csv', text: MAP });
  assert.deepEqual(diagnostics, []);
  assert.equal(errors, 0);
  assert.equal(numbering.sites.size, 5);
  assert.deepEqual(numbering.sites.get(key('2a')), {
    sequential: 3,
    region: 'signal peptide',
    wildtype: 'A',
  });
  assert.deepEqual(numbering.sites.get(key('4')), { sequential: 5, region: '', wildtype: 'E' });
  // Without region and sequential_wt columns the map still numbers the sites.
  const bare = await readSiteNumbering({
    path: 'b.csv',
    text: 'reference_site,sequential_site\n10,1\n11,2\n',
  });
  assert.deepEqual(bare.numbering.sites.get(key('11')), { sequential: 2, region: '', wildtype: '' });
});

test('site numbering map: problems at their line and column; the rows with them left out', async () => {
  const text = `sequential_site,reference_site,region
1,1,a
x,2,a
3,1,b
4,2b2,a
2,5,b
6,6
1,7,c
`;
  const { numbering, diagnostics, errors } = await readSiteNumbering({ path: 'm.csv', text });
  const found = diagnostics.map((d) => [d.code, d.line, d.start, d.end, d.relatedLine]);
  assert.deepEqual(found, [
    ['site-number-invalid', 3, 0, 1, undefined],
    ['site-number-duplicate', 4, 2, 3, 2],
    ['site-number-invalid', 5, 2, 5, undefined],
    ['field-count', 7, 0, 3, undefined],
    ['site-number-duplicate', 8, 0, 1, 2],
  ]);
  assert.equal(errors, 5);
  assert.match(diagnostics[1]!.message, /reference_site 1 is listed twice \(first on line 2\)/);
  assert.deepEqual([...numbering.sites.keys()], [key('1'), key('5')]);
  const missing = await readSiteNumbering({ path: 'm.csv', text: 'site,region\n1,a\n' });
  assert.deepEqual(
    missing.diagnostics.map((d) => [d.code, d.line]),
    [['missing-column', 1]],
  );
  assert.match(missing.diagnostics[0]!.message, /'sequential_site' and 'reference_site'/);
  const empty = await readSiteNumbering({ path: 'm.csv', text: 'sequential_site,reference_site\n' });
  assert.deepEqual(
    empty.diagnostics.map((d) => d.code),
    ['no-data-rows'],
  );
  const absent = await readSiteNumbering({ path: '/nonexistent/site_numbering_map.csv' });
  assert.deepEqual(
    absent.diagnostics.map((d) => d.code),
    ['unreadable-file'],
  );
});

test('numbering a fit: sequential site and region per site; unlisted sites and a foreign map are warned of', async () => {
  const { numbering } = await readSiteNumbering({ path: 'm.csv', text: MAP });
  const sites = ['1', '2', '2a', '9'].map(key);
  const own = { name: 'A', letters: ['M', 'R', 'A', 'W'] };
  const { columns, warnings } = numberSites(numbering, sites, [own]);
  assert.deepEqual(columns, {
    sequential: [1, 2, 3, null],
    region: ['signal peptide', 'signal peptide', 'signal peptide', ''],
  });
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /^1 of 4 sites are not in the site numbering map m\.csv \(9\)/);
  // A condition whose wildtype matches the map anywhere is enough: B differs, A does not.
  const other = { name: 'B', letters: ['M', 'K', 'A', 'W'] };
  assert.equal(numberSites(numbering, sites.slice(0, 3), [own, other]).warnings.length, 0);
  const foreign = numberSites(numbering, sites.slice(0, 3), [other]).warnings;
  assert.deepEqual(foreign.length, 1);
  assert.match(foreign[0]!, /differs from every condition's wildtype at 1 or more of 3 sites \(B: 1\)/);
});
