/**
 * A collection run job by job (issue 27): `dmsfit plan` writes the plan into its results folder,
 * `dmsfit fit --plan … --job ID` runs one job (each job's folder is written atomically, as in a
 * one-machine fit, and its record last), and `dmsfit collect` writes the collection's outputs from
 * the jobs' folders with the very code a one-machine fit uses (collectionOutputs.ts), so both
 * give the same bytes. Schedulers (Snakemake, Slurm) decide where and when each job runs.
 */
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { OutputRefused, UserError } from '../core/errors';
import { assertReplaceable, commitDir, stagingDir, writeFileAtomically } from '../core/io/atomicDir';
import { snapshotInputs } from '../core/io/inputSnapshot';
import { withOutputLock } from '../core/io/outputLock';
import { lassoPath } from '../core/fit/lassoText';
import type { LambdaChoice } from '../core/fit/lambdaChoice';
import { resolveCollection, type CollectionSpec } from './collection';
import {
  analyzePaths,
  readJobFits,
  writeCollectionOutputs,
  type CollectionOutputs,
  type ReplicateFit,
} from './collectionOutputs';
import { collectionJobs, jobSpecOf, SINGLE_JOB, type CollectionJob } from './collectionPlan';
import {
  JOB_RECORDS,
  JOBS_TSV,
  jobsTsv,
  PLAN_FILE,
  planHash,
  planText,
  readJobRecord,
  readPlan,
  writeJobRecord,
  type CollectionPlan,
  type JobEstimate,
  type JobRecord,
} from './planFile';
import { runJobs, type JobOutcome, type RunJobsOptions } from './runJobs';
import { slurmJobEnded } from './slurmJob';

export interface PlanRequest {
  spec: CollectionSpec;
  tool: string;
  /** Each job's estimate, from the jobs' data (jobEstimate.ts). */
  estimate: (job: CollectionJob, lambdas: number[]) => JobEstimate;
  /** Replace a results folder that holds anything but this very plan. */
  force: boolean;
}

/**
 * Makes the plan (finding λ_max for a grid) and writes it into `spec.out`: 'new', or 'kept' when
 * the folder already holds this very plan (its jobs done so far stay done).
 */
export async function writePlan(
  request: PlanRequest,
  options: RunJobsOptions,
): Promise<{ status: 'new' | 'kept'; plan: CollectionPlan } | 'cancelled'> {
  // The plan rule may itself run as a Slurm job: one killed hard leaves its lock (slurmJob.ts).
  return withOutputLock(request.spec.out, 'dmsfit plan', () => planLocked(request, options), slurmJobEnded);
}

/** writePlan's work, holding the results folder's lock. */
async function planLocked(
  request: PlanRequest,
  options: RunJobsOptions,
): Promise<{ status: 'new' | 'kept'; plan: CollectionPlan } | 'cancelled'> {
  const { spec } = request;
  const dir = spec.out;
  const resolved = await resolveCollection(spec, options);
  if (resolved === 'cancelled') return 'cancelled';
  const { base } = resolved;
  const lambdas = lassoPath(base.lasso);
  const replicates = spec.replicates && spec.replicates.length > 0 ? spec.replicates : null;
  const plan: CollectionPlan = {
    format: 'dmsfit-plan',
    version: 1,
    tool: request.tool,
    inputs: base.inputSnapshots ?? [],
    options: base,
    replicates,
    lambdas,
    jobs: collectionJobs(base, lambdas, replicates).map((j) => ({
      ...j,
      estimate: request.estimate(j, lambdas),
    })),
  };
  const text = planText(plan);
  const inputs = base.inputs.map((i) => i.path);
  await assertReplaceable(dir, inputs);
  if (await holdsPlan(dir, planHash(text))) {
    await writeFileAtomically(join(dir, PLAN_FILE), text);
    await writeFileAtomically(join(dir, JOBS_TSV), jobsTsv(plan));
    return { status: 'kept', plan };
  }
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  if (names.length > 0 && !request.force)
    throw new OutputRefused(
      `${dir} holds other results (not this plan's); give --force to replace them, or choose another -o`,
    );
  const staged = await stagingDir(dir);
  await fs.writeFile(join(staged, PLAN_FILE), text);
  await fs.writeFile(join(staged, JOBS_TSV), jobsTsv(plan));
  await commitDir(staged, dir, inputs);
  return { status: 'new', plan };
}

/** Whether `dir` holds the plan with this hash: its plan.json, or (plan.json removed) a job's record. */
async function holdsPlan(dir: string, hash: string): Promise<boolean> {
  const text = await fs.readFile(join(dir, PLAN_FILE), 'utf8').catch(() => undefined);
  if (text !== undefined) return planHash(text) === hash;
  const records = await fs.readdir(join(dir, JOB_RECORDS)).catch(() => [] as string[]);
  for (const name of records) {
    const record = name.endsWith('.json') ? await readJobRecord(dir, name.slice(0, -5)) : undefined;
    if (record?.plan === hash) return true;
  }
  return false;
}

/** Refuses (UserError) when an input is not the file the plan was made from. */
async function checkInputs(plan: CollectionPlan, planPath: string): Promise<void> {
  const now = await snapshotInputs(plan.inputs.map((i) => i.path));
  for (const was of plan.inputs) {
    const is = now.find((s) => s.path === was.path);
    if (!is || is.sha256 !== was.sha256)
      throw new UserError(
        `${was.path} ${is ? `changed since the plan was made (${was.bytes} → ${is.bytes} bytes, modified ${is.modified})` : 'is gone'}; no job of ${planPath} runs on other data: make the plan again (dmsfit plan … --force)`,
      );
  }
}

/** Whether a job's record says it is done for this plan (and its folder is there). */
async function isDone(root: string, job: CollectionJob, hash: string): Promise<JobRecord | undefined> {
  const record = await readJobRecord(root, job.id);
  if (!record || record.plan !== hash || record.id !== job.id) return undefined;
  if (record.status === 'nothing to fit') return record;
  const there = await fs.stat(join(root, job.id, 'job.json')).catch(() => undefined);
  return there?.isFile() ? record : undefined;
}

function findJob(plan: CollectionPlan, id: string, planPath: string): CollectionJob {
  const job = plan.jobs.find((j) => j.id === id);
  if (!job)
    throw new UserError(
      `${planPath} has no job '${id}' (its jobs: ${plan.jobs.map((j) => j.id).join(', ')})`,
    );
  return job;
}

const pathsOf = (root: string, plan: CollectionPlan) =>
  analyzePaths(root, plan.lambdas, plan.replicates!, plan.options.data.reference!, plan.jobs);

export type PlannedJobResult =
  | { status: 'already done' | 'nothing to fit'; record: JobRecord }
  | { status: 'done'; record: JobRecord; outcome: JobOutcome }
  | { status: 'failed' | 'cancelled'; outcome: JobOutcome };

/** Runs job `id` of the plan at `planPath` (a no-op when it is done, unless `force`). */
export async function runPlannedJob(
  planPath: string,
  id: string,
  force: boolean,
  options: Omit<RunJobsOptions, 'concurrency'>,
): Promise<PlannedJobResult> {
  const { plan, hash, root } = await readPlan(planPath);
  const job = findJob(plan, id, planPath);
  await checkInputs(plan, planPath);
  const done = await isDone(root, job, hash);
  if (done && !force) return { status: 'already done', record: done };
  const t0 = performance.now();
  const record = (lambdas: number[], extra: Partial<JobRecord>): JobRecord => ({
    id,
    plan: hash,
    status: 'done',
    lambdas,
    seconds: Math.round((performance.now() - t0) / 100) / 10,
    cpuSeconds: null,
    peakRssMB: null,
    host: hostname(),
    slurmJobId: process.env.SLURM_JOB_ID ?? null,
    finished: new Date().toISOString(),
    ...extra,
  });
  let lambda: number | undefined;
  if (job.stage === 2) {
    const waiting = [];
    for (const after of job.after)
      if (!(await isDone(root, findJob(plan, after, planPath), hash))) waiting.push(after);
    if (waiting.length > 0)
      throw new UserError(`job ${id} fits at the λ its paths recommend: run ${waiting.join(', ')} first`);
    const choice = (await pathsOf(root, plan)).recommended;
    if (choice?.lambda == null) {
      const r = record([], { status: 'nothing to fit', reason: choice?.reason ?? 'no λ recommended' });
      await writeJobRecord(root, r);
      return { status: 'nothing to fit', record: r };
    }
    lambda = choice.lambda;
  }
  const spec = jobSpecOf(plan.options, job, root, lambda);
  // A job killed hard on another node leaves its lock: the scheduler says when it has ended.
  const [outcome] = await withOutputLock(
    spec.out,
    'dmsfit fit --plan',
    () => runJobs([{ id, spec }], { ...options, concurrency: 1 }),
    slurmJobEnded,
  );
  if (outcome!.status !== 'done') return { status: outcome!.status, outcome: outcome! };
  const finished = outcome!.messages.find((m) => m.type === 'done');
  const usage = finished?.type === 'done' ? finished : undefined;
  const own = process.resourceUsage().maxRSS / 1024;
  const r = record(spec.lasso!, {
    cpuSeconds: usage?.cpuSeconds ?? null,
    // The job's two processes together: this one and its fitter.
    peakRssMB: usage?.peakRssMB !== undefined ? Math.round(usage.peakRssMB + own) : null,
  });
  await writeJobRecord(root, r);
  return { status: 'done', record: r, outcome: outcome! };
}

export type CollectResult =
  | { status: 'incomplete'; missing: string[]; stale: string[] }
  | ({
      status: 'done';
      root: string;
      single: boolean;
      fits: ReplicateFit[];
      recommended?: LambdaChoice;
    } & CollectionOutputs);

/** The record `dmsfit collect` leaves (workflow engines wait for it): the collection is complete. */
export const COLLECTED_FILE = 'collected.json';

/**
 * Checks that every job of the plan is done for it, then writes the collection's outputs into
 * the plan's folder; 'incomplete' (nothing written) with the jobs missing, and those fitted at a
 * λ the paths no longer recommend.
 */
export async function collectPlan(planPath: string): Promise<CollectResult> {
  const { plan, hash, root } = await readPlan(planPath);
  const missing: string[] = [];
  const records = new Map<string, JobRecord>();
  for (const job of plan.jobs) {
    const record = await isDone(root, job, hash);
    if (record) records.set(job.id, record);
    else if (job.stage === 1) missing.push(job.id);
  }
  if (missing.length > 0) return { status: 'incomplete', missing, stale: [] };
  const finish = async (result: CollectResult) => {
    await writeFileAtomically(
      join(root, COLLECTED_FILE),
      JSON.stringify({ plan: hash, finished: new Date().toISOString() }, null, 2) + '\n',
    );
    return result;
  };
  if (!plan.replicates) {
    const fits = await readJobFits(join(root, SINGLE_JOB), plan.lambdas);
    return finish({
      status: 'done',
      root,
      single: true,
      fits: fits.map((summary) => ({ replicate: '', summary })),
    });
  }
  const paths = await pathsOf(root, plan);
  const lambda = paths.recommended?.lambda;
  const stale: string[] = [];
  if (lambda != null)
    for (const job of plan.jobs.filter((j) => j.stage === 2)) {
      const record = records.get(job.id);
      if (!record || record.status !== 'done') missing.push(job.id);
      else if (record.lambdas[0] !== lambda) stale.push(job.id);
    }
  if (missing.length > 0 || stale.length > 0) return { status: 'incomplete', missing, stale };
  const outputs = await writeCollectionOutputs(
    root,
    plan.options,
    plan.lambdas,
    plan.replicates,
    plan.jobs,
    paths,
  );
  return finish({
    status: 'done',
    root,
    single: false,
    fits: paths.fits,
    ...(paths.recommended ? { recommended: paths.recommended } : {}),
    ...outputs,
  });
}
