// Builds production bundles and packages the extension into out/dmsfit.vsix with vsce.
// Dependencies are bundled by esbuild, hence --no-dependencies: the vsix ships no node_modules.
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run(process.execPath, ['scripts/build.mjs', '--production']);
mkdirSync('out', { recursive: true });
run(process.execPath, [
  'node_modules/@vscode/vsce/vsce',
  'package',
  '--no-dependencies',
  '--allow-missing-repository',
  // The README's screenshot is shipped in media/; VS Code shows it from the installed extension.
  '--no-rewrite-relative-links',
  '--out',
  'out/dmsfit.vsix',
]);
console.log(`out/dmsfit.vsix: ${(statSync('out/dmsfit.vsix').size / 1e6).toFixed(2)} MB`);
