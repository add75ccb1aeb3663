/**
 * Clipping functional scores before fitting, as dms-vep analyses do: below at a value, or at the
 * median score of each condition's variants that carry a stop codon ("median-stop", the floor
 * multidms 0.2 used for the published XBB.1.5 shifts); above at a value.
 */
import { mutationMut } from './sites';
import type { VariantTable } from './variantTable';

export interface ClipOptions {
  low?: number | 'median-stop';
  high?: number;
}

/**
 * A clipping bound as users write it (a CLI flag, a setting, the panel's field): '' or 'none'
 * for none, 'median-stop' (low only), or a number. undefined for none; throws on anything else.
 */
export function parseClipBound(
  text: string | number | null | undefined,
  allowMedianStop: boolean,
): number | 'median-stop' | undefined {
  if (text === null || text === undefined) return undefined;
  if (typeof text === 'number') {
    if (Number.isFinite(text)) return text;
  } else {
    const t = text.trim();
    if (t === '' || t === 'none') return undefined;
    if (t === 'median-stop' && allowMedianStop) return t;
    const v = Number(t);
    if (Number.isFinite(v)) return v;
  }
  throw new Error(
    `expected ${allowMedianStop ? "a number, 'median-stop'" : 'a number'} or 'none', got '${String(text)}'`,
  );
}

/** A copy of the table's scores clipped per condition; also returns the floors used. */
export function clippedScores(
  t: VariantTable,
  clip: ClipOptions,
): { score: Float64Array; floors: Map<string, number> } {
  const score = Float64Array.from(t.score);
  const floors = new Map<string, number>();
  const stop = t.alphabet.letters.indexOf('*');
  const floor = new Float64Array(t.conditionNames.length).fill(-Infinity);
  if (clip.low === 'median-stop') {
    if (stop < 0) throw new Error('median-stop clipping needs an alphabet with stop codons');
    const stops = t.conditionNames.map(() => [] as number[]);
    for (let i = 0; i < t.rows; i++) {
      for (let k = t.tokenPtr[i]!; k < t.tokenPtr[i + 1]!; k++) {
        if (mutationMut(t.keys.key(t.tokens[k]!)) === stop) {
          stops[t.condition[i]!]!.push(t.score[i]!);
          break;
        }
      }
    }
    stops.forEach((s, c) => {
      if (s.length === 0)
        throw new Error(`median-stop clipping: condition ${t.conditionNames[c]} has no stop-codon variants`);
      s.sort((a, b) => a - b);
      const h = s.length >> 1;
      floor[c] = s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
    });
  } else if (clip.low !== undefined) floor.fill(clip.low);
  const ceiling = clip.high ?? Infinity;
  for (let i = 0; i < t.rows; i++) score[i] = Math.min(ceiling, Math.max(floor[t.condition[i]!]!, score[i]!));
  t.conditionNames.forEach((c, k) => {
    if (Number.isFinite(floor[k]!)) floors.set(c, floor[k]!);
  });
  return { score, floors };
}
