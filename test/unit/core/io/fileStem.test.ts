/** File-name stems of condition and replicate names: safe, injective and reversible. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileStem, fromFileStem } from '../../../../src/core/io/fileStem.ts';

test('names that differ give stems that differ, and each stem gives its name back', () => {
  const names = [
    'lib 1',
    'lib_1',
    'lib-1',
    'Lib1',
    'B 1',
    'B_1',
    'Café',
    'Cafè',
    '..',
    '.',
    'a/b',
    'a\\b',
    '__proto__',
    '',
    'x'.repeat(3),
  ];
  const stems = names.map(fileStem);
  assert.equal(new Set(stems).size, names.length, stems.join(' | '));
  for (const [k, s] of stems.entries()) {
    assert.match(s, /^[A-Za-z0-9_-][A-Za-z0-9._-]*$|^$/, `stem of ${names[k]}: ${s}`);
    assert.equal(fromFileStem(s), names[k]);
  }
  assert.equal(fileStem('Lib1'), 'Lib1');
  assert.equal(fileStem('lib 1'), 'lib_201');
});
