/**
 * Numbers as the panel and the report print them: counts with separators, small quantities
 * (λ) in exponent form, others to `digits` significant digits; '—' for a missing value.
 */
export function formatNumber(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  if (v !== 0 && Math.abs(v) < 1e-3) return v.toExponential(1);
  return Number(v.toPrecision(digits)).toString();
}
