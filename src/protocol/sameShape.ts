/**
 * Compile-time checks that the wire schemas describe the core's types: each assignable to the
 * other, with the same keys at every depth (an optional field in one only is a difference).
 */
export type Same<A, B> = [A] extends [B]
  ? [B] extends [A]
    ? SameShape<NonNullable<A>, NonNullable<B>>
    : false
  : false;
export type SameShape<A, B> = A extends readonly (infer U)[]
  ? B extends readonly (infer V)[]
    ? Same<U, V>
    : false
  : A extends object
    ? [keyof A] extends [keyof B]
      ? [keyof B] extends [keyof A]
        ? false extends { [K in keyof A & keyof B]-?: Same<A[K], B[K]> }[keyof A & keyof B]
          ? false
          : true
        : false
      : false
    : true;
/** A record as JSON carries it back: null where the number was NaN or ±Infinity, read as a number. */
export type Numeric<T> = T extends null
  ? never
  : T extends (infer U)[]
    ? Numeric<U>[]
    : T extends object
      ? { [K in keyof T]: Numeric<T[K]> }
      : T;
