/**
 * A collection's plan on disk, for running its jobs one by one on a cluster (issue 27):
 *   DIR/plan.json        the inputs (size, mtime, SHA-256), the resolved options, the λ, and the
 *                        jobs (collectionPlan.ts) with each one's estimated peak memory and time
 *   DIR/jobs.tsv         one row per job, for `sbatch --array` (row n = array task n)
 *   DIR/.jobs/<id>.json  a job's record, written when it is done: the plan it belongs to (the
 *                        plan's hash), the λ fitted, seconds, peak RSS, host and Slurm job id
 * The plan is deterministic (no clock in it), so planning again with the same inputs and options
 * gives the same bytes and keeps the jobs already done.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { UserError } from '../core/errors';
import { writeFileAtomically } from '../core/io/atomicDir';
import type { InputSnapshot } from '../core/io/inputSnapshot';
import { fromWire, plannedJobSpec, toWire } from '../protocol/fitter';
import type { CollectionBase, CollectionJob } from './collectionPlan';

export const PLAN_FILE = 'plan.json';
export const JOBS_TSV = 'jobs.tsv';
export const JOB_RECORDS = '.jobs';

export interface JobEstimate {
  /** Peak resident memory of the job's processes, MB. */
  memMB: number;
  /** Wall time on `threads` cores. */
  seconds: number;
  threads: number;
  /** What the estimate is from: the variant rows the job reads, their substitutions and the
   * (mutation, condition) pairs they hold (jobEstimate.ts JobData). */
  rows: number;
  substitutions: number;
  parameters: number;
  /** What the job asks a scheduler for (jobEstimate.ts). */
  request: { memMB: number; minutes: number };
}

export type PlannedJob = CollectionJob & { estimate: JobEstimate };

export interface CollectionPlan {
  format: 'dmsfit-plan';
  version: 1;
  /** The dmsfit version that made it (and must run it). */
  tool: string;
  inputs: InputSnapshot[];
  /** Every fit option, resolved (the jobs' common spec, without their folder and replicate). */
  options: CollectionBase;
  replicates: string[] | null;
  /** The λ of every path, largest first. */
  lambdas: number[];
  jobs: PlannedJob[];
}

const snapshot = z.strictObject({
  path: z.string(),
  bytes: z.number(),
  modified: z.string(),
  sha256: z.string(),
});
const planSchema = z.strictObject({
  format: z.literal('dmsfit-plan'),
  version: z.literal(1),
  tool: z.string(),
  inputs: z.array(snapshot),
  options: plannedJobSpec,
  replicates: z.array(z.string()).nullable(),
  lambdas: z.array(z.number()),
  jobs: z.array(
    z.strictObject({
      id: z.string().min(1),
      kind: z.enum(['path', 'combined', 'all-variants']),
      stage: z.union([z.literal(1), z.literal(2)]),
      replicate: z.string().nullable(),
      lambdas: z.array(z.number()).nullable(),
      after: z.array(z.string()),
      estimate: z.strictObject({
        memMB: z.number(),
        seconds: z.number(),
        threads: z.number().int(),
        rows: z.number().int(),
        substitutions: z.number().int(),
        parameters: z.number().int(),
        request: z.strictObject({ memMB: z.number(), minutes: z.number() }),
      }),
    }),
  ),
});

/** The plan's text as plan.json holds it. */
export function planText(plan: CollectionPlan): string {
  // The snapshots are the plan's `inputs`; the folder is each job's.
  const { out, inputSnapshots, ...options } = toWire({ ...plan.options, out: '' });
  void out;
  void inputSnapshots;
  return JSON.stringify({ ...plan, options }, null, 2) + '\n';
}

/** What identifies a plan: its records name it, so a job done for another plan is not done. */
export const planHash = (text: string): string =>
  createHash('sha256').update(text).digest('hex').slice(0, 16);

export async function readPlan(path: string): Promise<{ plan: CollectionPlan; hash: string; root: string }> {
  const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new UserError(
      `cannot read the plan ${path}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`,
    );
  });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new UserError(`${path} is not JSON (a plan is written by dmsfit plan)`);
  }
  const r = planSchema.safeParse(raw);
  if (!r.success) throw new UserError(`${path} is not a dmsfit plan: ${z.prettifyError(r.error)}`);
  const { options, ...rest } = r.data;
  const { out, ...spec } = fromWire({ ...options, out: '' });
  void out;
  const plan: CollectionPlan = { ...rest, options: { ...spec, inputSnapshots: r.data.inputs } };
  return { plan, hash: planHash(text), root: dirname(path) };
}

/** jobs.tsv: row n (1-based, after the header) is job n of the plan, `sbatch --array`'s task n. */
export function jobsTsv(plan: CollectionPlan): string {
  // mem_mb and runtime_min are what to ask the scheduler for; the estimates are in plan.json.
  const columns = [
    'task',
    'id',
    'stage',
    'after',
    'replicate',
    'lambdas',
    'mem_mb',
    'runtime_min',
    'threads',
  ];
  const rows = plan.jobs.map((j, k) =>
    [
      k + 1,
      j.id,
      j.stage,
      j.after.join(','),
      (j.replicate ?? '').replace(/[\t\r\n]/g, ' '),
      j.lambdas ? j.lambdas.join(',') : 'recommended',
      j.estimate.request.memMB,
      j.estimate.request.minutes,
      j.estimate.threads,
    ].join('\t'),
  );
  // A job id is a folder name (fileStem escapes tabs and newlines); the replicate is shown only.
  return [columns.join('\t'), ...rows].join('\n') + '\n';
}

export interface JobRecord {
  id: string;
  plan: string;
  status: 'done' | 'nothing to fit';
  /** Why there was nothing to fit (a stage-2 job when no λ could be recommended). */
  reason?: string;
  lambdas: number[];
  seconds: number;
  cpuSeconds: number | null;
  peakRssMB: number | null;
  host: string;
  slurmJobId: string | null;
  finished: string;
}

export const jobRecordPath = (root: string, id: string): string => join(root, JOB_RECORDS, `${id}.json`);

export async function readJobRecord(root: string, id: string): Promise<JobRecord | undefined> {
  try {
    return JSON.parse(await readFile(jobRecordPath(root, id), 'utf8')) as JobRecord;
  } catch {
    return undefined;
  }
}

export async function writeJobRecord(root: string, record: JobRecord): Promise<void> {
  const path = jobRecordPath(root, record.id);
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomically(path, JSON.stringify(record, null, 2) + '\n');
}
