/**
 * The loaded-dataset cache: a second load of the same files reads the saved table, and it is the
 * table a parse gives, cell for cell (extras, keys, diagnostics and rejected rows included); a
 * changed file, other options or a damaged entry are parsed again; old entries are pruned.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset, type LoadedDataset, type LoadOptions } from '../../../../src/core/data/load.ts';
import type { DataOptions } from '../../../../src/core/data/options.ts';
import type { TableInput } from '../../../../src/core/data/readTable.ts';
import { readUnchanged } from '../../../../src/core/io/inputSnapshot.ts';
import { loadCacheDir, loadDatasetCached, MAX_ENTRIES } from '../../../../src/core/data/loadCache.ts';
import { resolveDataOptions } from '../../../../src/core/data/options.ts';

/** A load as a fit job does it: the files' digests taken (and their staying checked) by readUnchanged. */
async function cachedLoad(
  inputs: TableInput[],
  options: DataOptions,
  load: LoadOptions,
  cache: string,
): Promise<LoadedDataset> {
  const paths = inputs.filter((i) => i.text === undefined).map((i) => i.path);
  return (await readUnchanged(paths, (d) => loadDatasetCached(inputs, options, load, d, cache))).result;
}

/** Everything a LoadedDataset says, as plain values (classes read through their accessors). */
function plain(d: LoadedDataset) {
  const { keys, extras, ...table } = d.table;
  return {
    ...d,
    table: {
      ...table,
      keys: Array.from({ length: keys.size }, (_, id) => keys.key(id)),
      lookups: Array.from({ length: keys.size }, (_, id) => keys.find(keys.key(id))),
      extras: extras.map((e) => ({
        name: e.name,
        values: Array.from({ length: e.values.length }, (_, i) => e.values.get(i)),
      })),
    },
  };
}

// Extras with non-ASCII text, a warning, a rejected row (dropInvalidRows) and insertion sites.
const TABLE = `condition,aa_substitutions,func_score,barcode
a,M1E K184aG,2.0,AAAC
a,G3R,-7.0,ÅÄÖ
a,G3P,abc,CCCA
b,M1E,99,GGTT
b,,0.1,TTTT
`;

/** A fresh folder holding TABLE as t.csv, the cache folder to use there, and the options it needs. */
function setup(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), `dmsfit-${prefix}-`));
  const file = join(dir, 't.csv');
  writeFileSync(file, TABLE);
  const options = resolveDataOptions({ letterSuffixedSites: true, dropInvalidRows: true });
  return { dir, cache: join(dir, 'cache'), file, options };
}

test('a second load reads the saved table, the same as a parse of the files', async () => {
  const { cache, file, options } = setup('load-cache');
  const inputs = [{ path: file }];
  const parsed = await loadDataset(inputs, options, { forFit: true });
  assert.ok(
    parsed.warnings > 0 && parsed.rejected.length === 1,
    'the table has a warning and a rejected row',
  );
  const first = await cachedLoad(inputs, options, { forFit: true }, cache);
  assert.equal(readdirSync(cache).filter((n) => n.endsWith('.v8')).length, 1, 'one entry written');
  const second = await cachedLoad(inputs, options, { forFit: true }, cache);
  assert.deepEqual(plain(first), plain(parsed));
  assert.deepEqual(plain(second), plain(parsed));
  // The second load came from the entry: a mark put into it shows in what is loaded.
  const [entry] = readdirSync(cache).map((n) => join(cache, n));
  const saved = deserialize(readFileSync(entry!)) as { table: { score: Float64Array } };
  saved.table.score[0] = 42;
  writeFileSync(entry!, serialize(saved));
  const marked = await cachedLoad(inputs, options, { forFit: true }, cache);
  assert.equal(marked.table.score[0], 42);
  // The saved key index still gives new ids after the saved ones (preparation adds keys).
  const n = second.table.keys.size;
  assert.equal(second.table.keys.id(123_456_789), n);
  // Other options, another file content: parsed again, each its own entry.
  await cachedLoad(inputs, { ...options, typicalScoreRange: [-100, 100] }, { forFit: true }, cache);
  writeFileSync(file, TABLE.replace('2.0', '2.5'));
  const changed = await cachedLoad(inputs, options, { forFit: true }, cache);
  assert.equal(changed.table.score[0], 2.5);
  assert.equal(readdirSync(cache).filter((n) => n.endsWith('.v8')).length, 3);
});

test('a damaged entry is parsed again; text inputs and DMSFIT_CACHE=off never touch the cache; old entries are pruned', async () => {
  const { dir, cache, file, options } = setup('load-cache-bad');
  await cachedLoad([{ path: file }], options, {}, cache);
  const [entry] = readdirSync(cache);
  writeFileSync(join(cache, entry!), 'not a saved table');
  const again = await cachedLoad([{ path: file }], options, {}, cache);
  assert.deepEqual(plain(again), plain(await loadDataset([{ path: file }], options)));
  const other = join(dir, 'other');
  await cachedLoad([{ path: file, text: TABLE }], options, {}, other);
  assert.throws(() => readdirSync(other), /ENOENT/);
  assert.equal(loadCacheDir({ DMSFIT_CACHE: 'off' }), undefined);
  assert.equal(loadCacheDir({ XDG_CACHE_HOME: '/x' }), '/x/dmsfit/tables');
  for (let k = 0; k < MAX_ENTRIES + 3; k++) {
    writeFileSync(file, TABLE.replace('2.0', String(k)));
    await cachedLoad([{ path: file }], options, {}, cache);
  }
  assert.equal(readdirSync(cache).filter((n) => n.endsWith('.v8')).length, MAX_ENTRIES);
  assert.deepEqual(
    readdirSync(cache).filter((n) => !n.endsWith('.v8')),
    [],
    'no temporary file left',
  );
});

test('a load waits for the entry another process is parsing, and not for a stale claim', async () => {
  const { cache, file, options } = setup('load-cache-claim');
  const inputs = [{ path: file }];
  await cachedLoad(inputs, options, {}, cache);
  const [name] = readdirSync(cache);
  const entry = join(cache, name!);
  const claim = entry.replace(/\.v8$/, '.parsing');
  // Another process claims the entry and writes it 300 ms later (marked, to tell it from a parse).
  const saved = deserialize(readFileSync(entry)) as { table: { score: Float64Array } };
  saved.table.score[0] = 42;
  rmSync(entry);
  writeFileSync(claim, 'elsewhere 1\n');
  setTimeout(() => {
    writeFileSync(entry, serialize(saved));
    rmSync(claim);
  }, 300);
  const waited = await cachedLoad(inputs, options, {}, cache);
  assert.equal(waited.table.score[0], 42);
  // A claim left by a crashed parser long ago: parsed at once.
  rmSync(entry);
  writeFileSync(claim, 'elsewhere 1\n');
  const old = new Date(Date.now() - 10 * 60_000);
  utimesSync(claim, old, old);
  const t0 = performance.now();
  const parsed = await cachedLoad(inputs, options, {}, cache);
  assert.equal(parsed.table.score[0], 2);
  assert.ok(performance.now() - t0 < 5000);
  // Two loads at once in one process: one claim, both the same table, no claim left.
  rmSync(join(cache), { recursive: true });
  const [a, b] = await Promise.all([
    cachedLoad(inputs, options, {}, cache),
    cachedLoad(inputs, options, {}, cache),
  ]);
  assert.deepEqual(plain(a), plain(b));
  assert.deepEqual(
    readdirSync(cache).filter((n) => !n.endsWith('.v8')),
    [],
  );
});

test(
  'a cache folder that cannot be made leaves a plain parse, never a hang; missing parents are made',
  { timeout: 20_000 },
  async () => {
    const { dir, file, options } = setup('load-cache-dirs');
    const inputs = [{ path: file }];
    const parsed = plain(await loadDataset(inputs, options));
    // Under /proc, Node's recursive mkdir never settles; a path under a file cannot be a folder.
    for (const cache of ['/proc/dmsfit-no-cache/tables', join(file, 'tables')])
      assert.deepEqual(plain(await cachedLoad(inputs, options, {}, cache)), parsed, cache);
    const deep = join(dir, 'a', 'b', 'tables');
    await cachedLoad(inputs, options, {}, deep);
    assert.equal(readdirSync(deep).filter((n) => n.endsWith('.v8')).length, 1);
  },
);
