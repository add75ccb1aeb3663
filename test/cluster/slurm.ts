/**
 * A real single-node Slurm cluster for the tests, from Debian's packages (slurm-wlm, munge):
 * munged, slurmctld and slurmd on this host, every file in a temporary folder, the clients
 * pointed at it through SLURM_CONF. The configuration is the one measured to work on these
 * machines (../shared/notes/cluster-testing.md): by default no accounting (no slurmdbd), as
 * sites without it have; with `accounting`, slurmdbd over MariaDB (accounting.ts). Needs root (or
 * sudo without a password) for the daemons.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { freemem, hostname, availableParallelism } from 'node:os';
import { join } from 'node:path';
import { startAccounting, type Accounting } from './accounting.ts';
import { logTail, run, stopDaemon, waitFor } from './daemons.ts';

export interface SlurmCluster {
  /** The environment the clients (sbatch, squeue, scontrol, Snakemake) need. */
  env: NodeJS.ProcessEnv;
  /** `scontrol show job ID`'s fields. */
  job(id: string): Record<string, string>;
  /** Whether the cluster keeps accounts (slurmdbd: sacct works). */
  accounting: boolean;
  stop(): void;
}

export async function startSlurm(dir: string, options: { accounting?: boolean } = {}): Promise<SlurmCluster> {
  mkdirSync(join(dir, 'state'), { recursive: true });
  const accounting: Accounting | undefined = options.accounting
    ? await startAccounting(join(dir, 'accounting'))
    : undefined;
  mkdirSync(join(dir, 'spool'), { recursive: true });
  const host = hostname().split('.')[0]!;
  const memory = Math.max(1000, Math.floor(freemem() / 2 ** 20) - 1024);
  const conf = join(dir, 'slurm.conf');
  writeFileSync(
    conf,
    [
      'ClusterName=dmsfit-test',
      `SlurmctldHost=${host}`,
      'SlurmUser=root',
      'SlurmdUser=root',
      'AuthType=auth/munge',
      `StateSaveLocation=${dir}/state`,
      `SlurmdSpoolDir=${dir}/spool`,
      `SlurmctldPidFile=${dir}/slurmctld.pid`,
      `SlurmdPidFile=${dir}/slurmd.pid`,
      `SlurmctldLogFile=${dir}/slurmctld.log`,
      `SlurmdLogFile=${dir}/slurmd.log`,
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_Core_Memory',
      'ReturnToService=2',
      'JobAcctGatherType=jobacct_gather/none',
      ...(accounting?.slurmConf ?? ['AccountingStorageType=accounting_storage/none']),
      'MpiDefault=none',
      // Finished jobs stay visible to scontrol for the test's checks.
      'MinJobAge=3600',
      `NodeName=${host} CPUs=${availableParallelism()} RealMemory=${memory} State=UNKNOWN`,
      `PartitionName=main Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
    ].join('\n') + '\n',
  );
  const env = { ...process.env, SLURM_CONF: conf, USER: process.env.USER ?? 'root' };
  const stop = () => {
    for (const daemon of ['slurmd', 'slurmctld']) stopDaemon(join(dir, `${daemon}.pid`));
    accounting?.stop();
  };
  try {
    // munged may already run (a shared machine, an earlier test): one is enough.
    if (spawnSync('munge', ['-n']).status !== 0) {
      run(['mkdir', '-p', '/run/munge']);
      run(['chown', 'munge:munge', '/run/munge']);
      run(['munged', '--force']);
    }
    if (accounting) await accounting.startDbd(dir, env);
    run(['env', `SLURM_CONF=${conf}`, 'slurmctld']);
    run(['env', `SLURM_CONF=${conf}`, 'slurmd']);
    await waitFor(
      'Slurm node',
      () => {
        const r = spawnSync('sinfo', ['-h', '-o', '%T'], { encoding: 'utf8', env });
        return r.status === 0 && r.stdout.trim() === 'idle';
      },
      () => logTail(join(dir, 'slurmctld.log')),
    );
  } catch (err) {
    stop();
    throw err;
  }
  return {
    env,
    accounting: accounting !== undefined,
    job: (id) => {
      const text = spawnSync('scontrol', ['show', 'job', id], { encoding: 'utf8', env }).stdout;
      return Object.fromEntries(
        text
          .split(/\s+/)
          .filter((f) => f.includes('='))
          .map((f) => [f.slice(0, f.indexOf('=')), f.slice(f.indexOf('=') + 1)]),
      );
    },
    stop,
  };
}
