import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

test('src/core imports neither vscode nor the DOM (it runs in the fitter, the CLI and tests)', () => {
  const offenders: string[] = [];
  for (const file of sources(join(ROOT, 'src/core'))) {
    const text = readFileSync(file, 'utf8');
    if (/from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)/.test(text))
      offenders.push(`${relative(ROOT, file)}: vscode`);
    if (/\b(document|window)\.\w/.test(text)) offenders.push(`${relative(ROOT, file)}: DOM`);
  }
  assert.deepEqual(offenders, []);
});

test('source files stay under 400 lines (one responsibility each)', () => {
  const long = ['src', 'test', 'bench', 'scripts']
    .flatMap((d) => {
      try {
        return sources(join(ROOT, d));
      } catch {
        return [];
      }
    })
    .map((f) => [relative(ROOT, f), readFileSync(f, 'utf8').split('\n').length] as const)
    .filter(([, n]) => n > 401);
  assert.deepEqual(long, []);
});

test('core/solve is layered: solvers use step builders, step builders use linear algebra, never back', () => {
  // The folders in order; a file may import from its own folder and those before it.
  const order = ['linalg', 'steps', 'solvers'];
  const offenders: string[] = [];
  for (const [rank, folder] of order.entries()) {
    for (const file of sources(join(ROOT, 'src/core/solve', folder))) {
      for (const [, spec] of readFileSync(file, 'utf8').matchAll(/from\s+['"]([^'"]+)['"]/g)) {
        const target = relative(join(ROOT, 'src/core/solve'), join(file, '..', spec!));
        const above = order.findIndex((f) => target.startsWith(`${f}/`));
        if (above > rank) offenders.push(`${relative(ROOT, file)} → ${spec}`);
      }
    }
  }
  assert.deepEqual(offenders, []);
});

test("unit tests mirror src/'s folders: each test's folder is one of src/ (project-wide tests at the top)", () => {
  const unit = join(ROOT, 'test/unit');
  const stray = sources(unit)
    .map((f) => relative(unit, join(f, '..')))
    .filter((d) => d !== '' && !d.startsWith('support'))
    .filter((d) => {
      try {
        return !readdirSync(join(ROOT, 'src', d)).some((e) => e.endsWith('.ts'));
      } catch {
        return true;
      }
    });
  assert.deepEqual([...new Set(stray)], []);
});
