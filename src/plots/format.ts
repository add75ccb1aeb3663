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

/**
 * One condition's mutations the data cannot identify, as the CLI and the panel say it:
 * `high_ACE2: 1,117 (314 saturated, 803 in one variant, 0 unseen)`; '' when there are none.
 */
export function notIdentifiableText(
  condition: string,
  n: { 'single-variant': number; saturated: number; unseen: number },
): string {
  const total = n['single-variant'] + n.saturated + n.unseen;
  return total === 0
    ? ''
    : `${condition}: ${formatNumber(total)} (${formatNumber(n.saturated)} saturated, ${formatNumber(n['single-variant'])} in one variant, ${formatNumber(n.unseen)} unseen)`;
}
