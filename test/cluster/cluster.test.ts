/**
 * The shipped workflow on the real engines (issue 27): Snakemake from Debian's packages runs
 * workflow/Snakefile locally, killed mid-way and run again; then through a real single-node Slurm
 * (slurm.ts) with the shipped profile, the plain `sbatch --array` recipe, and, on a cluster
 * with accounting (slurmdbd), Snakemake's own Slurm executor through its profile. Every run's
 * collection must equal one `dmsfit fit` of the same options, and on Slurm every job must have
 * gone through the scheduler: its record carries a Slurm job id that scontrol reports completed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockPath } from '../../src/core/io/outputLock.ts';
import { REPO } from '../support/codeServer.ts';
import { bundles } from '../support/bundles.ts';
import {
  assertSameCollection,
  FIT_OPTIONS,
  jobIds,
  simulatedCollection,
  WORKFLOW_CONFIG,
} from '../support/simulatedCollection.ts';
import { startSlurm, type SlurmCluster } from './slurm.ts';

const SNAKEFILE = join(REPO, 'workflow', 'Snakefile');
let dir: string;
let csv: string;
let dmsfit: string;
let cluster: SlurmCluster | undefined;

const record = (out: string, id: string) =>
  JSON.parse(readFileSync(join(out, '.jobs', `${id}.json`), 'utf8')) as { slurmJobId: string | null };

function snakemakeArgs(out: string, ...extra: string[]): string[] {
  return [
    '-s',
    SNAKEFILE,
    '--config',
    `input=${csv}`,
    `out=${out}`,
    `dmsfit=${process.execPath} ${dmsfit}`,
    ...WORKFLOW_CONFIG,
    ...extra,
  ];
}

function snakemake(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync('snakemake', args, { cwd: dir, encoding: 'utf8', env });
  assert.equal(r.status, 0, `snakemake ${args.join(' ')}:\n${r.stderr.slice(-4000)}`);
  return r.stderr;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dmsfit-cluster-'));
  csv = simulatedCollection(dir);
  dmsfit = (await bundles()).cli;
  const one = spawnSync(process.execPath, [dmsfit, 'fit', csv, ...FIT_OPTIONS, '-o', join(dir, 'one')], {
    encoding: 'utf8',
  });
  assert.equal(one.status, 0, one.stderr);
});

after(() => cluster?.stop());

test('Snakemake runs the workflow; killed mid-way and run again, it runs only the jobs not done', async () => {
  const out = join(dir, 'snakemake');
  // Killed as a node failure or Ctrl-C-and-quit would: the whole process group, once a path is done.
  const child = spawn('snakemake', snakemakeArgs(out, '--cores', '1'), {
    cwd: dir,
    detached: true,
    stdio: 'ignore',
  });
  for (let k = 0; k < 600 && !existsSync(join(out, '.jobs', 'replicate-1.json')); k++)
    await new Promise((resolve) => setTimeout(resolve, 100));
  process.kill(-child.pid!, 'SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  assert.ok(!existsSync(join(out, 'collected.json')), 'killed before the end');
  snakemake(['-s', SNAKEFILE, '--unlock', '--config', `input=${csv}`, `out=${out}`, 'reference=h1']);
  const log = snakemake(snakemakeArgs(out, '--cores', '2', '--rerun-incomplete'));
  const ran = [...log.matchAll(/wildcards: job=(\S+)/g)].map((m) => m[1]);
  assert.ok(!ran.includes('replicate-1'), `the finished job ran again: ${ran.join(' ')}`);
  assert.ok(ran.length >= 3 && ran.length < jobIds(out).length, `jobs rerun: ${ran.join(' ')}`);
  assertSameCollection(join(dir, 'one'), out);
  assert.ok(existsSync(join(out, 'report.html')));
});

/** The cluster without accounting (most sites' generic mode), or with it (slurmdbd). */
async function onSlurm(accounting = false): Promise<SlurmCluster> {
  if (cluster && cluster.accounting !== accounting) {
    cluster.stop();
    cluster = undefined;
  }
  cluster ??= await startSlurm(join(dir, accounting ? 'slurm-accounting' : 'slurm'), { accounting });
  return cluster;
}

function assertScheduled(out: string, slurm: SlurmCluster) {
  for (const id of jobIds(out)) {
    const jobId = record(out, id).slurmJobId;
    assert.ok(jobId, `${id} has no Slurm job id`);
    assert.equal(slurm.job(jobId).JobState, 'COMPLETED', `${id}: Slurm job ${jobId}`);
  }
}

test('on Slurm through the shipped profile (sbatch): every job is a Slurm job, the collection is the same', async () => {
  const slurm = await onSlurm();
  const out = join(dir, 'slurm-profile');
  const log = snakemake(
    snakemakeArgs(out, '--profile', join(REPO, 'workflow', 'profiles', 'slurm'), '--latency-wait', '10'),
    slurm.env,
  );
  assert.match(log, /Submitted job \d+ with external jobid '\d+'/);
  assertScheduled(out, slurm);
  assertSameCollection(join(dir, 'one'), out);
});

test('on Slurm through sbatch --array over jobs.tsv (submit.sh): stage by stage, then collect', async () => {
  const slurm = await onSlurm();
  const out = join(dir, 'slurm-array');
  const plan = spawnSync(process.execPath, [dmsfit, 'plan', csv, ...FIT_OPTIONS, '-o', out], {
    encoding: 'utf8',
  });
  assert.equal(plan.status, 0, plan.stderr);
  const env = { ...slurm.env, DMSFIT: `${process.execPath} ${dmsfit}` };
  const submitted = spawnSync(join(REPO, 'workflow', 'slurm', 'submit.sh'), [out], { encoding: 'utf8', env });
  assert.equal(submitted.status, 0, submitted.stderr);
  const collect = submitted.stdout.trim().split(' ').at(-1)!;
  for (let k = 0; k < 300; k++) {
    const state = slurm.job(collect).JobState;
    if (state !== 'PENDING' && state !== 'RUNNING') break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  assert.equal(
    slurm.job(collect).JobState,
    'COMPLETED',
    readFileSync(join(out, 'slurm-logs', `${collect}-collect.out`), 'utf8'),
  );
  assertScheduled(out, slurm);
  assertSameCollection(join(dir, 'one'), out);
  // A job killed hard on another node leaves its lock behind: while the Slurm job that took it
  // runs, the lock stands; once Slurm says it has ended, the rerun takes it over.
  const id = jobIds(out)[0]!;
  const lock = lockPath(join(out, id));
  const plant = (slurmJobId: string) =>
    writeFileSync(
      lock,
      JSON.stringify({
        pid: 4242,
        host: 'node-b.cluster',
        since: new Date().toISOString(),
        what: 'dmsfit fit --plan',
        token: 'x',
        slurmJobId,
      }),
    );
  const rerun = () =>
    spawnSync(process.execPath, [dmsfit, 'fit', '--plan', join(out, 'plan.json'), '--job', id, '--force'], {
      encoding: 'utf8',
      env: slurm.env,
    });
  const sleeper = spawnSync('sbatch', ['--parsable', '-o', '/dev/null', '--wrap', 'sleep 120'], {
    encoding: 'utf8',
    env: slurm.env,
  }).stdout.trim();
  try {
    for (let k = 0; k < 60 && slurm.job(sleeper).JobState !== 'RUNNING'; k++)
      await new Promise((resolve) => setTimeout(resolve, 500));
    plant(sleeper);
    const refused = rerun();
    assert.equal(refused.status, 1, refused.stderr);
    assert.match(refused.stderr, new RegExp(`on node-b\\.cluster, Slurm job ${sleeper},`));
  } finally {
    spawnSync('scancel', [sleeper], { env: slurm.env });
  }
  plant(record(out, id).slurmJobId!);
  const taken = rerun();
  assert.equal(taken.status, 0, taken.stderr);
  assert.equal(existsSync(lock), false);
});

test("on Slurm with accounting through Snakemake's own executor (--slurm): jobs in sacct, the collection is the same", async () => {
  const slurm = await onSlurm(true);
  const out = join(dir, 'slurm-executor');
  const log = snakemake(
    snakemakeArgs(
      out,
      '--profile',
      join(REPO, 'workflow', 'profiles', 'slurm-executor'),
      '--latency-wait',
      '10',
      // The executor asks sacct for its jobs' states once every 33 s by default.
      '--max-status-checks-per-second',
      '1',
    ),
    slurm.env,
  );
  assert.match(log, /has been submitted with SLURM jobid \d+/);
  assertScheduled(out, slurm);
  for (const id of jobIds(out)) {
    const jobId = record(out, id).slurmJobId!;
    const sacct = spawnSync('sacct', ['-n', '-P', '-X', '-j', jobId, '-o', 'State'], {
      encoding: 'utf8',
      env: slurm.env,
    });
    assert.equal(sacct.stdout.trim(), 'COMPLETED', `${id}: sacct on Slurm job ${jobId}: ${sacct.stderr}`);
  }
  assertSameCollection(join(dir, 'one'), out);
});
