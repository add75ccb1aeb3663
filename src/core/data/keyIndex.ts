/**
 * Dense ids for mutation keys: each distinct substitution is looked up once, when it is read;
 * every later pass indexes typed arrays by id instead of hashing keys again. Keys of one protein
 * fall in a compact range (site × 1024 + letters), so lookups go through a dense window over
 * that range, with a map for anything outside it. Ids are append-only and stable, so
 * preparation can add keys (reference-relative forms).
 */
import { Growable } from './growable';

const WINDOW = 1 << 21; // 2,048 sites × 1,024 letter pairs

export class KeyIndex {
  private readonly keys = new Growable(Float64Array, 4096);
  private readonly outside = new Map<number, number>();
  private window: Int32Array | undefined;
  private base = 0;

  get size(): number {
    return this.keys.length;
  }

  private slot(key: number): number {
    if (!this.window) {
      this.window = new Int32Array(WINDOW).fill(-1);
      this.base = key - (key % 1024) - WINDOW / 4;
    }
    const s = key - this.base;
    return s >= 0 && s < WINDOW ? s : -1;
  }

  id(key: number): number {
    const s = this.slot(key);
    let i = s >= 0 ? this.window![s]! : (this.outside.get(key) ?? -1);
    if (i < 0) {
      i = this.keys.length;
      this.keys.push(key);
      if (s >= 0) this.window![s] = i;
      else this.outside.set(key, i);
    }
    return i;
  }

  /** Id of a key already present, or -1. */
  find(key: number): number {
    const s = this.slot(key);
    return s >= 0 ? this.window![s]! : (this.outside.get(key) ?? -1);
  }

  key(id: number): number {
    return this.keys.get(id);
  }
}
