/**
 * Starting and stopping the test cluster's daemons (slurm.ts, accounting.ts): commands run as
 * root (directly, or through sudo without a password), waits with a deadline, and stops that
 * wait until the process is gone, so that the next cluster can take the same ports.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const asRoot = process.getuid?.() === 0 ? [] : ['sudo', '-n'];

/** The program and arguments that run `cmd` as root. */
export function rootCommand(cmd: string[]): [string, string[]] {
  const [bin, ...args] = [...asRoot, ...cmd];
  return [bin!, args];
}

/** Runs `cmd` as root; throws with its output if it fails. */
export function run(cmd: string[], env: NodeJS.ProcessEnv = process.env): string {
  const [bin, args] = rootCommand(cmd);
  const r = spawnSync(bin, args, { encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`${cmd.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

/** The end of a daemon's log, for a message when it did not come up. */
export function logTail(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8').slice(-2000) : `(no ${path})`;
}

/** Polls `ready` every 0.5 s for up to 30 s; then throws, with what `log` says. */
export async function waitFor(what: string, ready: () => boolean, log: () => string): Promise<void> {
  for (let k = 0; k < 60; k++) {
    if (ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the test's ${what} did not come up:\n${log()}`);
}

/** Stops the daemon whose pid file this is, and waits (up to 10 s) until it has exited. */
export function stopDaemon(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  const pid = readFileSync(pidFile, 'utf8').trim();
  if (!/^\d+$/.test(pid)) return;
  spawnSync(...rootCommand(['kill', pid]));
  for (let k = 0; k < 100; k++) {
    if (spawnSync(...rootCommand(['kill', '-0', pid])).status !== 0) return;
    spawnSync('sleep', ['0.1']);
  }
}
