/**
 * Sites as numbers. A site is an integer (negative allowed) with an optional lower-case
 * insertion letter (`184a`, HXB2-style numbering). It is packed into one number whose numeric
 * order is multidms's natural site order: -5 < 2 < 10 < 100 < 100a < 100b < 101.
 */
const SUFFIX_SLOTS = 32; // 0 = no suffix, 1..26 = a..z

export function siteKey(number: number, suffixCode = 0): number {
  return number * SUFFIX_SLOTS + (suffixCode === 0 ? 0 : suffixCode - 96);
}

export function siteLabel(key: number): string {
  const n = Math.floor(key / SUFFIX_SLOTS);
  const s = key - n * SUFFIX_SLOTS;
  return s === 0 ? String(n) : `${n}${String.fromCharCode(96 + s)}`;
}

/** Parses a site label as written in tables (`-5`, `214`, `214a`); NaN if it is not one. */
export function parseSiteLabel(label: string, letterSuffixed = true): number {
  const m = /^(-?\d+)([a-z]?)$/.exec(label.trim());
  if (!m || (m[2] && !letterSuffixed)) return NaN;
  return siteKey(Number(m[1]), m[2] ? m[2].charCodeAt(0) : 0);
}

/**
 * A mutation packed into one number: site key, wildtype and mutant letter indices. Distinct
 * (site, wt, mut) triples give distinct keys, and sorting keys sorts by natural site order,
 * then by wildtype, then by mutant in alphabet order.
 */
export function mutationKey(site: number, wt: number, mut: number): number {
  return (site * 32 + wt) * 32 + mut;
}

export function mutationSite(key: number): number {
  return Math.floor(key / 1024);
}

export function mutationWt(key: number): number {
  return Math.floor(key / 32) - Math.floor(key / 1024) * 32;
}

export function mutationMut(key: number): number {
  return key - Math.floor(key / 32) * 32;
}
