/**
 * Slurm accounting for the test cluster, from Debian's packages (mariadb-server, slurmdbd): a
 * MariaDB server on its own data folder and a free localhost port, and slurmdbd storing into it,
 * with the test cluster, an account and this user registered — what Snakemake's own Slurm
 * executor needs (it follows jobs through sacct and refuses a cluster without slurmdbd).
 * Everything lives in the given folder; stop() ends both daemons.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { logTail, rootCommand, run, stopDaemon, waitFor } from './daemons.ts';

export interface Accounting {
  /** slurm.conf's lines that send accounting to this slurmdbd. */
  slurmConf: string[];
  /** Starts slurmdbd; its configuration must sit beside slurm.conf (Slurm reads it there). */
  startDbd(slurmConfDir: string, env: NodeJS.ProcessEnv): Promise<void>;
  stop(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startAccounting(dir: string): Promise<Accounting> {
  mkdirSync(dir, { recursive: true });
  const [dbPort, dbdPort] = [await freePort(), await freePort()];
  const socket = join(dir, 'mysql.sock');
  const user = process.getuid?.() === 0 ? 'root' : (process.env.USER ?? 'root');
  run(['mariadb-install-db', `--datadir=${dir}/db`, '--user=root', '--skip-test-db']);
  // The server stays in the foreground of a detached child (it has no daemon mode).
  const db = spawn(
    ...rootCommand([
      'mariadbd',
      '--user=root',
      `--datadir=${dir}/db`,
      `--socket=${socket}`,
      `--port=${dbPort}`,
      '--bind-address=127.0.0.1',
      `--pid-file=${dir}/mysql.pid`,
      `--log-error=${dir}/mysql.err`,
    ]),
    { detached: true, stdio: 'ignore' },
  );
  db.unref();
  const sql = (statement: string) =>
    spawnSync(...rootCommand(['mariadb', `--socket=${socket}`, '-u', 'root', '-e', statement]), {
      encoding: 'utf8',
    });
  const stop = () => {
    stopDaemon(join(dir, 'slurmdbd.pid'));
    stopDaemon(join(dir, 'mysql.pid'));
  };
  try {
    await waitFor(
      'MariaDB',
      () => sql('SELECT 1').status === 0,
      () => logTail(join(dir, 'mysql.err')),
    );
    const created = sql(
      "CREATE USER 'slurm'@'127.0.0.1' IDENTIFIED BY 'dmsfit-test'; GRANT ALL ON slurm_acct_db.* TO 'slurm'@'127.0.0.1';",
    );
    if (created.status !== 0) throw new Error(`MariaDB user: ${created.stderr}`);
  } catch (err) {
    stop();
    throw err;
  }
  return {
    slurmConf: [
      'AccountingStorageType=accounting_storage/slurmdbd',
      'AccountingStorageHost=localhost',
      `AccountingStoragePort=${dbdPort}`,
    ],
    async startDbd(confDir, env) {
      const conf = join(confDir, 'slurmdbd.conf');
      writeFileSync(
        conf,
        [
          'AuthType=auth/munge',
          'DbdHost=localhost',
          `DbdPort=${dbdPort}`,
          'SlurmUser=root',
          `PidFile=${dir}/slurmdbd.pid`,
          `LogFile=${dir}/slurmdbd.log`,
          'StorageType=accounting_storage/mysql',
          'StorageHost=127.0.0.1',
          `StoragePort=${dbPort}`,
          'StorageUser=slurm',
          'StoragePass=dmsfit-test',
          'StorageLoc=slurm_acct_db',
        ].join('\n') + '\n',
      );
      // slurmdbd refuses a configuration others can read (it holds the database password).
      chmodSync(conf, 0o600);
      run(['env', `SLURM_CONF=${env.SLURM_CONF}`, 'slurmdbd']);
      const sacctmgr = (...args: string[]) =>
        spawnSync('sacctmgr', ['-i', ...args], { encoding: 'utf8', env });
      await waitFor(
        'slurmdbd',
        () => sacctmgr('list', 'cluster').status === 0,
        () => logTail(join(dir, 'slurmdbd.log')),
      );
      for (const args of [
        ['add', 'cluster', 'dmsfit-test'],
        ['add', 'account', 'dmsfit', 'Cluster=dmsfit-test'],
        ['add', 'user', user, 'Account=dmsfit'],
      ]) {
        const r = sacctmgr(...args);
        if (r.status !== 0) throw new Error(`sacctmgr ${args.join(' ')}: ${r.stderr}`);
      }
    },
    stop,
  };
}
