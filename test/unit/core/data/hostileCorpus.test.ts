/**
 * Runs every case of the hostile corpus (test/hostile/corpus.ts) through the CLI in a fresh
 * folder: the exit code, the diagnostic at its line and column, the messages, what must and
 * must not exist afterwards, and that every file the case started with is byte for byte as it
 * was, whatever the command did.
 */
import { test, before } from 'node:test';
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
import { dirname, join } from 'node:path';
import { bundles } from '../../../support/bundles.ts';
import { CORPUS, FITTED_MODEL, GOOD, MODEL_EDITS, type HostileCase } from '../../../hostile/corpus.ts';

let cli: string;
let fittedModel: Record<string, unknown>;

function dmsfit(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function hashes(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(p, createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

before(async () => {
  ({ cli } = await bundles());
  const dir = mkdtempSync(join(tmpdir(), 'dmsfit-hostile-model-'));
  writeFileSync(join(dir, 'good.csv'), GOOD);
  const r = dmsfit(dir, ['fit', 'good.csv', '-r', 'A', '-o', 'out']);
  assert.equal(r.code, 0, r.stderr);
  fittedModel = JSON.parse(readFileSync(join(dir, 'out', 'model.json'), 'utf8'));
});

test('the corpus has at least 40 cases, each named once', () => {
  assert.ok(CORPUS.length >= 40, `${CORPUS.length} cases`);
  assert.equal(new Set(CORPUS.map((c) => c.name)).size, CORPUS.length);
  for (const name of Object.keys(MODEL_EDITS))
    assert.ok(
      CORPUS.some((c) => c.name === name),
      name,
    );
});

function setUp(c: HostileCase): string {
  // One level down, so that a case may check that nothing was written beside its folder.
  const dir = join(mkdtempSync(join(tmpdir(), 'dmsfit-hostile-')), 'case');
  mkdirSync(dir);
  for (const [path, content] of Object.entries(c.files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    const bytes =
      content === FITTED_MODEL ? (MODEL_EDITS[c.name] ?? ((m) => JSON.stringify(m)))(fittedModel) : content;
    writeFileSync(full, bytes);
  }
  return dir;
}

for (const c of CORPUS) {
  test(`hostile: ${c.name}`, () => {
    const dir = setUp(c);
    const before = hashes(dir);
    const r = dmsfit(dir, c.args);
    const said = `exit ${r.code}\nstdout: ${r.stdout.slice(0, 2000)}\nstderr: ${r.stderr.slice(0, 2000)}`;
    assert.equal(r.code, c.expect.exit, said);
    if (c.expect.stderr) assert.match(r.stderr, c.expect.stderr, said);
    if (c.expect.stdout) assert.match(r.stdout, c.expect.stdout, said);
    if (c.expect.never) assert.doesNotMatch(r.stdout + r.stderr, c.expect.never, 'kept off the terminal');
    for (const p of c.expect.exists ?? []) assert.ok(existsSync(join(dir, p)), `${p} exists\n${said}`);
    for (const p of c.expect.absent ?? []) assert.ok(!existsSync(join(dir, p)), `${p} is absent`);
    if (c.expect.diagnostic) {
      const e = c.expect.diagnostic;
      const json = dmsfit(dir, ['validate', c.args[1]!, '--json']);
      const found = (
        JSON.parse(json.stdout) as { code: string; line: number; start: number; message: string }[]
      ).filter((d) => d.code === e.code);
      assert.ok(found.length > 0, `a ${e.code} diagnostic: ${json.stdout.slice(0, 1000)}`);
      assert.deepEqual([found[0]!.line, found[0]!.start + 1], [e.line, e.column], found[0]!.message);
      if (e.message) assert.match(found[0]!.message, e.message);
    }
    // Every file the case started with is unchanged.
    for (const [path, hash] of before) {
      assert.ok(existsSync(path), `${path} still exists`);
      assert.equal(createHash('sha256').update(readFileSync(path)).digest('hex'), hash, `${path} unchanged`);
    }
  });
}
