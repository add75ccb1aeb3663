/**
 * Dense ids for mutation keys: each distinct substitution is looked up once, when it is read;
 * every later pass indexes typed arrays by id instead of hashing keys again. Ids are
 * append-only and stable, so preparation can add keys (reference-relative forms).
 *
 * A key is site key × 1024 + wildtype × 32 + mutant (sites.ts). Sites of one protein form a
 * compact range of site keys, so a dense window over site keys points at one block of 1,024
 * ids per site that occurs (4 KiB each, allocated on first use); keys outside the window go
 * through a map. Before, the window ran over whole keys and covered only 64 site numbers, so
 * most lookups of a real protein fell through to the map: 90 ns a token on a million rows.
 */
import { Growable } from './growable';

const LETTER_PAIRS = 1024;
const SITE_WINDOW = 1 << 17; // 4,096 site numbers × 32 insertion-letter slots

export class KeyIndex {
  private readonly keys = new Growable(Float64Array, 4096);
  private readonly outside = new Map<number, number>();
  private blocks: (Int32Array | undefined)[] | undefined;
  private base = 0;

  get size(): number {
    return this.keys.length;
  }

  /** The block of ids for the key's site, created when `create`; undefined outside the window. */
  private block(site: number, create: boolean): Int32Array | undefined {
    if (!this.blocks) {
      this.blocks = new Array<Int32Array | undefined>(SITE_WINDOW);
      this.base = site - (site % 32) - SITE_WINDOW / 2;
    }
    const s = site - this.base;
    if (s < 0 || s >= SITE_WINDOW) return undefined;
    let b = this.blocks[s];
    if (b === undefined && create) b = this.blocks[s] = new Int32Array(LETTER_PAIRS).fill(-1);
    return b;
  }

  id(key: number): number {
    const site = Math.floor(key / LETTER_PAIRS);
    const b = this.block(site, true);
    const pair = key - site * LETTER_PAIRS;
    let i = b !== undefined ? b[pair]! : (this.outside.get(key) ?? -1);
    if (i < 0) {
      i = this.keys.length;
      this.keys.push(key);
      if (b !== undefined) b[pair] = i;
      else this.outside.set(key, i);
    }
    return i;
  }

  /** Id of a key already present, or -1. */
  find(key: number): number {
    const site = Math.floor(key / LETTER_PAIRS);
    if (this.blocks) {
      const s = site - this.base;
      if (s >= 0 && s < SITE_WINDOW) return this.blocks[s]?.[key - site * LETTER_PAIRS] ?? -1;
    }
    return this.outside.get(key) ?? -1;
  }

  key(id: number): number {
    return this.keys.get(id);
  }

  /** Every key in id order (a view, valid until the next new key): `fromKeys` rebuilds the index. */
  allKeys(): Float64Array {
    return this.keys.view();
  }

  static fromKeys(keys: ArrayLike<number>): KeyIndex {
    const index = new KeyIndex();
    for (let i = 0; i < keys.length; i++) index.id(keys[i]!);
    return index;
  }
}
