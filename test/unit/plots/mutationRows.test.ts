/** The mutation table's rows: the mutations the filter keeps, searched and sorted as the panel does. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detail } from '../support/plotDetail.ts';
import { mutationRows, searchRows, sortRows } from '../../../src/plots/mutationRows.ts';
import { NO_FILTER, drawnValues, keptMask, timesSeenOf } from '../../../src/plots/specs/mutationValues.ts';

test('mutation rows: one per kept mutation, with the value the plots draw', () => {
  const d = detail();
  for (const filter of [NO_FILTER, { ...NO_FILTER, minTimesSeen: 3, floorAtZero: true }]) {
    const rows = mutationRows(d, 'shift', 1, filter);
    const kept = keptMask(d, 'shift', 1, filter);
    const values = drawnValues(d, 'shift', 1, filter);
    const seen = timesSeenOf(d, 'shift', 1);
    assert.deepEqual(
      rows.map((r) => r.index),
      [...kept.keys()].filter((m) => kept[m]),
    );
    for (const r of rows) {
      assert.equal(r.value, values[r.index]);
      assert.equal(r.mutation, d.mutations.name[r.index]);
      // A shift rests on the fewer of its condition's and the reference's variants.
      assert.equal(r.timesSeen, seen[r.index]);
      assert.equal(
        r.timesSeen,
        Math.min(d.mutations.timesSeen[1]![r.index]!, d.mutations.timesSeen[0]![r.index]!),
      );
    }
  }
});

test('mutation rows: search by mutation or site in any case; sort by size, site order or name, NaN last', () => {
  const d = detail();
  const rows = mutationRows(d, 'beta', 0, NO_FILTER);
  assert.deepEqual(
    searchRows(rows, ' e1 ').map((r) => r.mutation),
    rows.filter((r) => r.mutation.toLowerCase().includes('e1')).map((r) => r.mutation),
  );
  assert.ok(searchRows(rows, '3').every((r) => r.site === '3' || r.mutation.includes('3')));
  assert.equal(searchRows(rows, '').length, rows.length);
  const bySize = sortRows(rows, 'value', true).map((r) => Math.abs(r.value));
  assert.deepEqual(
    bySize,
    [...bySize].sort((a, b) => b - a),
  );
  const bySite = sortRows(rows, 'site', false).map((r) => r.siteIndex);
  assert.deepEqual(
    bySite,
    [...bySite].sort((a, b) => a - b),
  );
  const byName = sortRows(rows, 'mutation', false).map((r) => r.mutation);
  assert.deepEqual(
    byName,
    [...byName].sort((a, b) => a.localeCompare(b)),
  );
  assert.deepEqual(
    sortRows(rows, 'mutation', true).map((r) => r.mutation),
    [...byName].reverse(),
  );
  const withNaN = rows.map((r, k) => ({ ...r, se: k === 0 ? NaN : r.se }));
  for (const descending of [true, false])
    assert.ok(Number.isNaN(sortRows(withNaN, 'se', descending).at(-1)!.se), 'NaN last');
});

test('mutation rows with a site numbering map: each row its region, found by a search for the region', () => {
  const d = detail();
  const withMap = {
    ...d,
    sites: { ...d.sites, sequential: [31, 32, 33, null], region: ['NTD', 'NTD', 'RBD', ''] },
  };
  const rows = mutationRows(withMap, 'beta', 0, NO_FILTER);
  assert.deepEqual(
    rows.map((r) => [r.site, r.region]),
    rows.map((r) => [r.site, ['NTD', 'NTD', 'RBD', ''][Number(r.site) - 1]]),
  );
  assert.deepEqual(
    searchRows(rows, 'rbd').map((r) => r.site),
    rows.filter((r) => r.site === '3').map((r) => r.site),
  );
  assert.ok(mutationRows(d, 'beta', 0, NO_FILTER).every((r) => r.region === ''));
});
