/** Append-only typed arrays that double when full; `view()` returns the filled part without copying. */
type TypedArray = Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;
type Ctor<T extends TypedArray> = new (n: number) => T;

export class Growable<T extends TypedArray> {
  private data: T;
  length = 0;

  constructor(
    private readonly make: Ctor<T>,
    capacity = 1024,
  ) {
    this.data = new make(capacity);
  }

  push(v: number): void {
    if (this.length === this.data.length) this.reserve(this.length + 1);
    this.data[this.length++] = v;
  }

  get(i: number): number {
    return this.data[i]!;
  }

  set(i: number, v: number): void {
    this.data[i] = v;
  }

  reserve(n: number): void {
    if (n <= this.data.length) return;
    let cap = this.data.length * 2;
    while (cap < n) cap *= 2;
    const next = new this.make(cap);
    next.set(this.data);
    this.data = next;
  }

  /** The filled part, sharing memory with the builder (valid until the next push). */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }

  /** The filled part as a compact array of its own. */
  take(): T {
    return this.data.slice(0, this.length) as T;
  }

  /** Appends every value of `values` (a saved `view()`, say). */
  pushAll(values: ArrayLike<number>): void {
    this.reserve(this.length + values.length);
    for (let i = 0; i < values.length; i++) this.data[this.length++] = values[i]!;
  }
}

/**
 * Many strings stored as UTF-8 bytes in one buffer plus offsets: a column of a million barcodes
 * costs its bytes, not a million string objects.
 */
export class StringColumn {
  private bytes = new Growable(Uint8Array, 1 << 16);
  private offsets = new Growable(Uint32Array, 1024);
  private static readonly encoder = new TextEncoder();
  private static readonly decoder = new TextDecoder();

  constructor() {
    this.offsets.push(0);
  }

  get length(): number {
    return this.offsets.length - 1;
  }

  push(s: string): void {
    const n = s.length;
    this.bytes.reserve(this.bytes.length + n * 3);
    let ascii = true;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 128) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      const view = this.bytes;
      for (let i = 0; i < n; i++) view.push(s.charCodeAt(i));
    } else {
      for (const b of StringColumn.encoder.encode(s)) this.bytes.push(b);
    }
    this.offsets.push(this.bytes.length);
  }

  /** Its bytes and offsets (views, valid until the next push), for saving it (loadCache.ts). */
  parts(): { bytes: Uint8Array; offsets: Uint32Array } {
    return { bytes: this.bytes.view(), offsets: this.offsets.view() };
  }

  /** The column whose `parts()` these are. */
  static fromParts(parts: { bytes: Uint8Array; offsets: Uint32Array }): StringColumn {
    const c = new StringColumn();
    c.bytes.pushAll(parts.bytes);
    c.offsets.length = 0;
    c.offsets.pushAll(parts.offsets);
    return c;
  }

  get(i: number): string {
    const from = this.offsets.get(i);
    const to = this.offsets.get(i + 1);
    const b = this.bytes.view();
    let ascii = true;
    for (let k = from; k < to; k++) {
      if (b[k]! >= 128) {
        ascii = false;
        break;
      }
    }
    if (!ascii) return StringColumn.decoder.decode(b.subarray(from, to));
    let s = '';
    for (let k = from; k < to; k++) s += String.fromCharCode(b[k]!);
    return s;
  }
}
