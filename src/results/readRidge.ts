/**
 * A results folder's ridge choice (`--ridge-grid`), for the panel and the report: lambda.json's
 * `ridge` record and, from ridge.csv, each ridge's validation loss per λ, averaged as the choice
 * averages it (ridgeChoice.ts via lambdaChoice.ts: over conditions, then over folds).
 */
import { join } from 'node:path';
import type { RidgeChoice } from '../core/fit/ridgeChoice';
import type { RidgeIndex } from '../plots/model';
import { readCsv } from './readCsv';

export async function readRidge(
  folder: string,
  choice: { ridge?: RidgeChoice },
): Promise<RidgeIndex | undefined> {
  const r = choice.ridge;
  if (!r) return undefined;
  const { rows } = await readCsv(join(folder, 'ridge.csv'));
  const lossColumns = Object.keys(rows[0] ?? {}).filter((c) => c.startsWith('loss_validation_'));
  const sums = new Map<string, { ridge: number; lambda: number; total: number; n: number }>();
  for (const row of rows) {
    const [ridge, lambda] = [Number(row.ridge_beta), Number(row.lambda)];
    if (row.converged !== 'true') continue;
    const loss = lossColumns.reduce((s, c) => s + Number(row[c]), 0) / lossColumns.length;
    const key = `${ridge}|${lambda}`;
    const at = sums.get(key) ?? { ridge, lambda, total: 0, n: 0 };
    at.total += loss;
    at.n++;
    sums.set(key, at);
  }
  return {
    chosen: r.ridge,
    validation: r.validation,
    rule: r.rule,
    ...(r.reason ? { reason: r.reason } : {}),
    onBound: r.perRidge.filter((p) => p.onBound).map((p) => p.ridge),
    losses: [...sums.values()].map((s) => ({ ridge: s.ridge, lambda: s.lambda, loss: s.total / s.n })),
  };
}
