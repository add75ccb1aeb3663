/**
 * Starts code-server (a real VS Code: server, web workbench, Node extension host) headless on
 * 127.0.0.1 for tests, with throwaway user-data, extensions and config folders.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../..');
const BIN = join(REPO, 'tools/code-server/node_modules/.bin/code-server');

export interface CodeServer {
  url: string;
  authority: string;
  stop(): Promise<void>;
}

export function ensureCodeServer(): void {
  if (existsSync(BIN)) return;
  const r = spawnSync('bash', [join(REPO, 'tools/code-server/install.sh')], { stdio: 'inherit' });
  if (r.status !== 0 || !existsSync(BIN))
    throw new Error('code-server is not installed; run tools/code-server/install.sh');
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => ok(port));
    });
  });
}

async function waitHealthy(url: string, child: ChildProcess, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('code-server did not start within 30 s');
}

export interface StartOptions {
  workspace: string;
  /** .vsix files to install before starting (the packaged extension under test). */
  install?: string[];
  log?: (line: string) => void;
}

export async function startCodeServer(options: StartOptions): Promise<CodeServer> {
  ensureCodeServer();
  const home = mkdtempSync(join(tmpdir(), 'dmsfit-cs-'));
  const userData = join(home, 'user-data');
  const extensions = join(home, 'extensions');
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_DATA_HOME: join(home, 'data'),
  };
  for (const vsix of options.install ?? []) {
    const r = spawnSync(
      BIN,
      ['--extensions-dir', extensions, '--user-data-dir', userData, '--install-extension', vsix],
      {
        env,
        encoding: 'utf8',
      },
    );
    if (r.status !== 0) throw new Error(`installing ${vsix} failed:\n${r.stdout}\n${r.stderr}`);
  }
  const port = await freePort();
  const child = spawn(
    BIN,
    [
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--user-data-dir',
      userData,
      '--extensions-dir',
      extensions,
      options.workspace,
    ],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const log = options.log ?? (() => undefined);
  child.stdout?.on('data', (d: Buffer) => log(d.toString().trimEnd()));
  child.stderr?.on('data', (d: Buffer) => log(d.toString().trimEnd()));
  const url = `http://127.0.0.1:${port}`;
  await waitHealthy(url, child);
  return {
    url,
    authority: `127.0.0.1:${port}`,
    stop: async () => {
      // Kill the whole process group: killing only the main PID leaves a file watcher behind.
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      const deadline = Date.now() + 5000;
      while (child.exitCode === null && child.signalCode === null && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}
