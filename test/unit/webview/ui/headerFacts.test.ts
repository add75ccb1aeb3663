/** The panel's header line (webview/ui/headerFacts.ts): the file's own rows, and what its results cover when that differs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ResultsIndex } from '../../../../src/plots/model.ts';
import type { DatasetInfo } from '../../../../src/protocol/panel.ts';
import { headerFacts } from '../../../../src/webview/ui/headerFacts.ts';

const dataset = (rows: number | null, conditions: string[], error?: string) =>
  ({ rows, conditions, ...(error ? { error } : {}) }) as DatasetInfo;
const results = (inputRows: number, conditions: string[]) =>
  ({ data: { inputRows, conditions: conditions.map((name) => ({ name })) } }) as unknown as ResultsIndex;

test('a file fitted alone: its row count only', () => {
  assert.equal(headerFacts(dataset(8922, ['Delta', 'BA.1']), null), '8,922 data rows');
  assert.equal(
    headerFacts(dataset(8922, ['Delta', 'BA.1']), results(8922, ['BA.1', 'Delta'])),
    '8,922 data rows',
  );
});

test('a file fitted with another: what the results cover is said beside the file’s own rows', () => {
  assert.equal(
    headerFacts(dataset(72598, ['high_ACE2']), results(145196, ['high_ACE2', 'medium_ACE2'])),
    '72,598 data rows in this file; its results fit 145,196 rows over 2 conditions (high_ACE2, medium_ACE2)',
  );
  // The same rows but another condition (a file renamed after its fit).
  assert.equal(
    headerFacts(dataset(500, ['a']), results(500, ['b'])),
    '500 data rows in this file; its results fit 500 rows over condition b',
  );
});

test('unreadable or still counting: said so, whatever the results', () => {
  assert.equal(
    headerFacts(dataset(null, [], 'EACCES'), results(1, ['a'])),
    'Could not read this file: EACCES',
  );
  assert.equal(headerFacts(dataset(null, []), null), 'Counting rows…');
});
