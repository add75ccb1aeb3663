/**
 * The loss of a fitted model on a labelled table (multidms's `get_df_loss`): per condition the
 * fit's own loss ρ (Huber with its δ, or squared error) of func_score − prediction, averaged
 * with the fit's row weights (equal, or 1/σ² under `--weights variance`), over the rows that
 * have a score and a prediction. On the rows a fit held out this is its validation loss.
 */
import { z } from 'zod';
import type { VariantTable } from '../data/variantTable';
import { varianceWeights } from '../model/fitData';
import { lossFunction } from '../model/loss';
import type { ModelDocument } from './modelFile';
import type { Prediction } from './predictTable';

export interface ConditionLoss {
  condition: string;
  /** Rows with a finite score and prediction. */
  rows: number;
  /** Weighted mean loss (null without rows). */
  loss: number | null;
}

export interface TableLoss {
  /** The loss as the fit defines it, e.g. "huber (δ 1)". */
  lossName: string;
  conditions: ConditionLoss[];
  /** Mean over the conditions with rows, each weighing equally as in the fit's objective. */
  loss: number | null;
}

/** What model.json's settings say of the loss; models written before these settings were recorded fall back to the defaults. */
const lossSettings = z
  .object({
    loss: z.enum(['huber', 'squared']).default('huber'),
    huberDelta: z.number().positive().default(1),
    weights: z.enum(['none', 'variance']).default('none'),
  })
  .catch({ loss: 'huber', huberDelta: 1, weights: 'none' });

/** True when some row of the table has a finite score. */
export function isLabelled(t: VariantTable): boolean {
  return t.score.some((s) => Number.isFinite(s));
}

export function tableLoss(doc: ModelDocument, t: VariantTable, p: Prediction): TableLoss {
  const o = lossSettings.parse(doc.settings.model ?? {});
  const rho = lossFunction(o.loss, o.huberDelta);
  const conditions = t.conditionNames.map((condition, c) => {
    const rows: number[] = [];
    for (let i = 0; i < t.rows; i++)
      if (t.condition[i] === c && Number.isFinite(t.score[i]!) && Number.isFinite(p.score[i]!)) rows.push(i);
    const weights =
      o.weights === 'variance'
        ? (varianceWeights(rows.map((i) => t.scoreVar[i]!)) ?? new Float64Array(rows.length).fill(1))
        : new Float64Array(rows.length).fill(1);
    let sum = 0;
    let total = 0;
    rows.forEach((i, k) => {
      sum += weights[k]! * rho.value(t.score[i]! - p.score[i]!);
      total += weights[k]!;
    });
    return { condition, rows: rows.length, loss: rows.length > 0 ? sum / total : null };
  });
  const losses = conditions.flatMap((c) => (c.loss === null ? [] : [c.loss]));
  return {
    lossName: o.loss === 'huber' ? `huber (δ ${o.huberDelta})` : 'squared error',
    conditions,
    loss: losses.length > 0 ? losses.reduce((a, b) => a + b, 0) / losses.length : null,
  };
}
