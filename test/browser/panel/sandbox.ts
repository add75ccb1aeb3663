/** What the panel scenarios share: where their screenshots go, and a folder to run dmsfit in. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundles } from '../../support/bundles.ts';
import { REPO } from '../../support/codeServer.ts';

export const PANEL_SHOTS = join(REPO, 'test-output', 'panel');

/** A fresh folder with `data` (sim.csv) to write, and `run` for dmsfit, which throws on failure. */
export async function cliSandbox(
  prefix: string,
): Promise<{ dir: string; data: string; run: (args: string[]) => void }> {
  const { cli } = await bundles();
  const dir = mkdtempSync(join(tmpdir(), `dmsfit-${prefix}-`));
  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`dmsfit ${args.join(' ')}: ${r.stderr}`);
  };
  return { dir, data: join(dir, 'sim.csv'), run };
}
