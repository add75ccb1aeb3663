/** The README stays true to the product: its first commands, every setting, every CLI command. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
const manifest = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  contributes: { configuration: { properties: Record<string, unknown> }; commands: { title: string }[] };
};

test('the README opens with the set-up-and-demo command and the test command', () => {
  const block = /^```sh\n([\s\S]*?)```/m.exec(readme)?.[1] ?? '';
  const commands = block.split('\n').map((l) => l.split('#')[0]!.trim());
  assert.deepEqual(commands.filter(Boolean), ['npm ci && npm run demo', 'npm test']);
  assert.ok(manifest.scripts.demo && manifest.scripts.test);
  assert.ok(readme.indexOf('```sh') < 20, 'the commands come first');
});

test('every setting and every palette command is documented', () => {
  for (const key of Object.keys(manifest.contributes.configuration.properties))
    assert.ok(readme.includes(`\`${key}\``), `README documents ${key}`);
  for (const { title } of manifest.contributes.commands)
    assert.ok(readme.includes(title.replace('…', '')), `README mentions the command ${title}`);
});

test('every dmsfit command is in the command-line reference', () => {
  const dir = resolve(ROOT, 'src/cli/commands');
  const registered = readdirSync(dir).flatMap((f) =>
    [...readFileSync(resolve(dir, f), 'utf8').matchAll(/\.command\('([\w-]+)'\)/g)].map((m) => m[1]!),
  );
  assert.ok(registered.length >= 10);
  for (const command of registered) assert.ok(readme.includes(`\`dmsfit ${command}`), `dmsfit ${command}`);
});

test("every setting's default in package.json is the one the extension and the core use", async () => {
  const { SETTING_DEFAULTS } = await import('../../src/extension/settingDefaults.ts');
  const props = manifest.contributes.configuration.properties as Record<string, { default: unknown }>;
  const keys = Object.keys(props).map((k) => k.replace(/^dmsfit\./, ''));
  assert.deepEqual(keys.sort(), Object.keys(SETTING_DEFAULTS).sort(), 'the same settings');
  for (const [key, value] of Object.entries(SETTING_DEFAULTS))
    assert.deepEqual(props[`dmsfit.${key}`]!.default, value, key);
  // The Settings UI offers the models the core has, in its order.
  const { EPISTASIS_NAMES } = await import('../../src/core/model/epistasis.ts');
  assert.deepEqual((props['dmsfit.epistasis'] as { enum?: unknown }).enum, [...EPISTASIS_NAMES]);
});
