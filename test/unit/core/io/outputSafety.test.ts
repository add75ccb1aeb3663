/**
 * Results replace only results (issue 24's first item): `-o` onto an input file, onto a folder
 * of the user's, onto an unrelated file, or onto a results folder that holds an input is refused
 * with exit 1 and leaves every byte as it was; results folders (marked, or written before the
 * marker existed) and empty folders are replaced; `predict -o` never writes over its inputs and
 * replaces its own output atomically.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  assertReplaceable,
  RESULTS_MARKER,
  resultsFolderHolding,
} from '../../../../src/core/io/atomicDir.ts';
import { OutputRefused } from '../../../../src/core/errors.ts';
import { bundles } from '../../../support/bundles.ts';

const TABLE = `condition,aa_substitutions,func_score
A,,0.1
A,M1E,-1.2
A,G3R,-2.5
A,M1E G3R,-3.1
B,,0.0
B,M1E,-1.0
B,G3R,-0.4
B,M1E G3R,-1.9
`;

/** Every file under dir with the hash of its content (what must not change). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[p] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

async function dmsfit(...args: string[]) {
  const { cli } = await bundles();
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

function sandbox(): { dir: string; data: string } {
  const dir = mkdtempSync(join(tmpdir(), 'dmsfit-out-'));
  const data = join(dir, 'victim.csv');
  writeFileSync(data, TABLE);
  writeFileSync(join(dir, 'notes.txt'), 'my notes\n');
  return { dir, data };
}

test("fit -o onto its input, onto a folder of the user's, onto an unrelated file: refused, exit 1, nothing changed", async () => {
  const { dir, data } = sandbox();
  const unrelated = join(dir, 'notes.txt');
  const before = snapshot(dir);
  for (const out of [data, dir, unrelated]) {
    const r = await dmsfit('fit', data, '-r', 'A', '--alphabet', 'aa-stop', '-o', out);
    assert.equal(r.code, 1, `-o ${out}: ${r.stderr}`);
    assert.match(r.stderr, /will not (replace|write results to)/);
    assert.deepEqual(snapshot(dir), before, `-o ${out} changed files`);
  }
  const prepared = await dmsfit('prepare', data, '-r', 'A', '--alphabet', 'aa-stop', '-o', dir);
  assert.equal(prepared.code, 1, prepared.stderr);
  assert.deepEqual(snapshot(dir), before);
});

test('results replace results: a marked folder, one written before the marker, an empty folder', async () => {
  const { dir, data } = sandbox();
  const out = join(dir, 'results');
  const first = await dmsfit('fit', data, '-r', 'A', '--alphabet', 'aa-stop', '-o', out);
  assert.equal(first.code, 0, first.stderr);
  assert.ok(existsSync(join(out, RESULTS_MARKER)));
  const again = await dmsfit('fit', data, '-r', 'A', '--alphabet', 'aa-stop', '-o', out);
  assert.equal(again.code, 0, again.stderr);
  // An older results folder: job.json and data/, no marker.
  const legacy = join(dir, 'legacy');
  mkdirSync(join(legacy, 'data'), { recursive: true });
  writeFileSync(join(legacy, 'job.json'), '{}');
  assert.equal((await dmsfit('fit', data, '-r', 'A', '--alphabet', 'aa-stop', '-o', legacy)).code, 0);
  const empty = join(dir, 'empty');
  mkdirSync(empty);
  assert.equal((await dmsfit('fit', data, '-r', 'A', '--alphabet', 'aa-stop', '-o', empty)).code, 0);
  // A lone site_map.csv (the published data's own) does not make a folder results.
  const published = join(dir, 'published');
  mkdirSync(published);
  writeFileSync(join(published, 'site_map.csv'), 'site\n1\n');
  await assert.rejects(assertReplaceable(published), OutputRefused);
});

test('a results folder holding one of the inputs is not replaced, not even by its own fit', async () => {
  const { dir } = sandbox();
  const out = join(dir, 'results');
  mkdirSync(out);
  writeFileSync(join(out, RESULTS_MARKER), '{}');
  const inside = join(out, 'table.csv');
  writeFileSync(inside, TABLE);
  const before = snapshot(dir);
  const r = await dmsfit('fit', inside, '-r', 'A', '--alphabet', 'aa-stop', '-o', out);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /holds an input file/);
  assert.deepEqual(snapshot(dir), before);
});

test('predict -o: never over its table or its model; its own output replaced whole', async () => {
  const { dir, data } = sandbox();
  const out = join(dir, 'results');
  assert.equal((await dmsfit('fit', data, '-r', 'A', '--alphabet', 'aa-stop', '-o', out)).code, 0);
  const model = join(out, 'model.json');
  const before = snapshot(dir);
  for (const target of [data, model, dir]) {
    const r = await dmsfit('predict', data, '-m', model, '-o', target);
    assert.equal(r.code, 1, `-o ${target}: ${r.stderr}`);
    assert.deepEqual(snapshot(dir), before);
  }
  const predictions = join(dir, 'predictions.csv');
  writeFileSync(predictions, 'an earlier output\n');
  assert.equal((await dmsfit('predict', data, '-m', model, '-o', predictions)).code, 0);
  assert.match(readFileSync(predictions, 'utf8'), /^condition,aa_substitutions,func_score,predicted_latent/);
  assert.deepEqual(
    readdirSync(dir).filter((n) => n.startsWith('.dmsfit-tmp-')),
    [],
    'no temporary file left beside the output',
  );
});

test('default results folders: x.csv → x.dmsfit, x.tsv → x.tsv.dmsfit, so two tables side by side never share one', async () => {
  const { defaultResultsFolder } = await import('../../../../src/core/io/resultsFolder.ts');
  assert.equal(defaultResultsFolder('/d/x.csv'), '/d/x.dmsfit');
  assert.equal(defaultResultsFolder('/d/x.tsv'), '/d/x.tsv.dmsfit');
  assert.equal(defaultResultsFolder('/d/x'), '/d/x.dmsfit');
  assert.notEqual(defaultResultsFolder('/d/x.csv'), defaultResultsFolder('/d/x.tsv'));
});

test('resultsFolderHolding: files inside a results folder (at any depth) are known as such; data beside it are not', async () => {
  const { dir, data } = sandbox();
  const out = join(dir, 'results');
  assert.equal(
    (await dmsfit('fit', data, '-r', 'A', '--alphabet', 'aa-stop', '--lasso', '1e-3,1e-4', '-o', out)).code,
    0,
  );
  assert.equal(resultsFolderHolding(join(out, 'data', 'variants.csv')), out);
  assert.equal(resultsFolderHolding(join(out, 'lambda-0.0001', 'mutations.csv')), out);
  assert.equal(resultsFolderHolding(data), undefined);
  assert.equal(resultsFolderHolding(join(dir, 'notes.txt')), undefined);
  // Results written before the marker existed: a fit's job.json with its data folder.
  const legacy = join(dir, 'old', 'fit');
  mkdirSync(join(legacy, 'data'), { recursive: true });
  writeFileSync(join(legacy, 'job.json'), '{}');
  assert.equal(resultsFolderHolding(join(legacy, 'data', 'variants.csv')), legacy);
  // A user's folder that merely holds a data folder is not results.
  mkdirSync(join(dir, 'mine', 'data'), { recursive: true });
  assert.equal(resultsFolderHolding(join(dir, 'mine', 'data', 'x.csv')), undefined);
});
