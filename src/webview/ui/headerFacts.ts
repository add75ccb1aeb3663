/**
 * The line under the panel's title. The panel belongs to one file, but its results may come from
 * a fit of several files together (one per condition): then the line says what the results
 * cover too, so "72,598 data rows" never stands alone beside a fit of 145,196.
 */
import { formatNumber } from '../../plots/format';
import type { ResultsIndex } from '../../plots/model';
import type { DatasetInfo } from '../../protocol/panel';

export function headerFacts(d: DatasetInfo, index: ResultsIndex | null | undefined): string {
  if (d.error) return `Could not read this file: ${d.error}`;
  if (d.rows === null) return 'Counting rows…';
  const own = `${formatNumber(d.rows)} data rows`;
  if (!index) return own;
  const fitted = index.data.conditions.map((c) => c.name);
  const same =
    index.data.inputRows === d.rows &&
    fitted.length === d.conditions.length &&
    fitted.every((c) => d.conditions.includes(c));
  if (same) return own;
  const over =
    fitted.length === 1 ? `condition ${fitted[0]}` : `${fitted.length} conditions (${fitted.join(', ')})`;
  return `${own} in this file; its results fit ${formatNumber(index.data.inputRows)} rows over ${over}`;
}
