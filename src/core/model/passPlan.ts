/**
 * How a data-fit pass of the default model is cut into work items that any thread may take:
 * row segments of one condition (sigmoidRowsPass) and, for a gradient, column blocks of one
 * condition (gatherForces). The cut depends on the data alone, never on the number of threads;
 * every item writes its own rows, columns or partial sums, and the partial sums are added in
 * item order afterwards. So a pass gives bit-identical results with any number of threads and
 * in any schedule, and a big condition is shared among threads as well as a small one.
 */
import {
  ROW_SUMS,
  gatherForces,
  sigmoidRowsPass,
  type PassMode,
  type RowOutputs,
  type SigmoidRows,
} from './sigmoidPass';

/**
 * Rows per segment: small enough to balance two threads on conditions of unequal size (an item
 * takes ~0.2 ms), large enough that taking one costs nothing.
 */
export const SEGMENT_ROWS = 4096;
/** Columns per gather block (a block of a real spike dataset takes ~0.1 ms). */
export const BLOCK_COLUMNS = 1024;

export interface PassPlan {
  /** Row segments as (condition, first row, end row) triplets, conditions in order. */
  segments: Int32Array;
  /** Number of row segments (segments.length / 3). */
  segmentCount: number;
  /** Condition d's segments are firstSegment[d] … firstSegment[d + 1] − 1. */
  firstSegment: Int32Array;
  /** Column blocks as (condition, first column, end column) triplets. */
  blocks: Int32Array;
  /** Number of column blocks (blocks.length / 3). */
  blockCount: number;
}

function cut(counts: readonly number[], size: number): Int32Array {
  const out: number[] = [];
  counts.forEach((n, d) => {
    for (let from = 0; from < n; from += size) out.push(d, from, Math.min(n, from + size));
  });
  return Int32Array.from(out);
}

/** The plan for conditions with `rowCounts` rows and M mutations each. */
export function planPass(rowCounts: readonly number[], M: number): PassPlan {
  const segments = cut(rowCounts, SEGMENT_ROWS);
  const firstSegment = new Int32Array(rowCounts.length + 1);
  for (let k = 0; k < segments.length; k += 3) firstSegment[segments[k]! + 1]!++;
  for (let d = 0; d < rowCounts.length; d++) firstSegment[d + 1]! += firstSegment[d]!;
  const blocks = cut(
    rowCounts.map(() => M),
    BLOCK_COLUMNS,
  );
  return { segments, segmentCount: segments.length / 3, firstSegment, blocks, blockCount: blocks.length / 3 };
}

/** What every item reads whatever the point: the plan, the rows and the model's layout. */
export interface PassSetup {
  plan: PassPlan;
  rows: SigmoidRows[];
  outputs: RowOutputs[];
  /** Per condition, the two kept latents (PassMode.extrapolate). */
  kept: Float64Array[][];
  /** Mutations per condition (condition d's betas sit at d·M). */
  M: number;
  /** Where β̃0 and θ sit in x. */
  beta0: number;
  theta: number;
  /** Huber threshold (Infinity: squared error). */
  delta: number;
}

/** What an item reads and writes; a helper thread holds the same in shared memory. */
export interface PassState extends PassSetup {
  x: Float64Array;
  /** ∇β̃ (D·M entries, written by the column blocks). */
  grad: Float64Array;
  /** ROW_SUMS partial sums per segment. */
  sums: Float64Array;
}

/** Evaluates row segment k. */
function runSegment(s: PassState, k: number, mode: PassMode): void {
  const seg = s.plan.segments;
  const d = seg[3 * k]!;
  const x = s.x;
  sigmoidRowsPass(
    s.rows[d]!,
    seg[3 * k + 1]!,
    seg[3 * k + 2]!,
    x,
    d * s.M,
    x[s.beta0 + d]!,
    x[s.theta]!,
    x[s.theta + 1]!,
    s.delta,
    s.outputs[d]!,
    mode,
    s.kept[d]!,
    s.sums,
    k * ROW_SUMS,
  );
}

/** Gathers column block k (its condition's row segments must all be done). */
function runBlock(s: PassState, k: number): void {
  const b = s.plan.blocks;
  const d = b[3 * k]!;
  gatherForces(s.rows[d]!.Xt, s.outputs[d]!.force, s.grad, d * s.M, b[3 * k + 1]!, b[3 * k + 2]!);
}

/** The two phases of a pass, each with its own slot in the item counter. */
export const PHASE = { rows: 0, columns: 1 } as const;
export type Phase = (typeof PHASE)[keyof typeof PHASE];

/**
 * Takes items of one phase from `next` (Int32Array, one slot per phase, shared by every thread
 * taking part) until none is left. The counter's slot must be 0 when the phase starts.
 */
export function takeItems(state: PassState, next: Int32Array, phase: number, mode: PassMode): void {
  if (phase === PHASE.rows) {
    const count = state.plan.segmentCount;
    for (let k = Atomics.add(next, phase, 1); k < count; k = Atomics.add(next, phase, 1))
      runSegment(state, k, mode);
  } else {
    const count = state.plan.blockCount;
    for (let k = Atomics.add(next, phase, 1); k < count; k = Atomics.add(next, phase, 1)) runBlock(state, k);
  }
}
