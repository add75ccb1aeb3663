/** Which wildtype letter each condition's rows first gave each site, to find conflicts. */
import type { Alphabet } from './alphabet';

/**
 * The first row of each condition that fixed the wildtype letter at each site. Sites of one
 * protein are a compact range of keys, so each condition gets a dense table over that range
 * (grown as needed); far-out keys fall back to a map.
 */
export class WildtypeRegistry {
  private readonly dense: { base: number; wt: Int8Array; slot: Int32Array }[] = [];
  private readonly sparse = new Map<number, number>();
  private readonly wt: number[] = [];
  private readonly file: number[] = [];
  private readonly line: number[] = [];
  private static readonly SPAN = 1 << 17; // 4,096 sites × 32 suffix slots

  /** Records (condition, site) → wt; returns the slot of an earlier, different wildtype, or -1. */
  check(condition: number, site: number, wt: number, file: number, line: number): number {
    let table = this.dense[condition];
    if (!table) {
      const base = site - (site % 32) - WildtypeRegistry.SPAN / 2;
      table = {
        base,
        wt: new Int8Array(WildtypeRegistry.SPAN).fill(-1),
        slot: new Int32Array(WildtypeRegistry.SPAN),
      };
      this.dense[condition] = table;
    }
    const offset = site - table.base;
    if (offset >= 0 && offset < WildtypeRegistry.SPAN) {
      const seen = table.wt[offset]!;
      if (seen === wt) return -1;
      if (seen === -1) {
        table.wt[offset] = wt;
        table.slot[offset] = this.record(wt, file, line);
        return -1;
      }
      return table.slot[offset]!;
    }
    const key = site * 65536 + condition;
    const s = this.sparse.get(key);
    if (s === undefined) {
      this.sparse.set(key, this.record(wt, file, line));
      return -1;
    }
    return this.wt[s] === wt ? -1 : s;
  }

  private record(wt: number, file: number, line: number): number {
    this.wt.push(wt);
    this.file.push(file);
    this.line.push(line);
    return this.wt.length - 1;
  }

  describe(slot: number, files: string[], abc: Alphabet): { letter: string; line: number; file: string } {
    return { letter: abc.letters[this.wt[slot]!]!, line: this.line[slot]!, file: files[this.file[slot]!]! };
  }
}
