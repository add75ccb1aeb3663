/**
 * Objects keyed by names from the user's data (conditions, replicates, θ names): a condition
 * may be called `__proto__`, `constructor` or `toString`. Plain `{}` objects and zod's
 * `z.record` lose or confuse such keys (assigning `o['__proto__']` sets the prototype instead of
 * a key), so keyed data are null-prototype objects built by definition, never by assignment.
 */
import { z } from 'zod';

/** A null-prototype object with these entries (a `__proto__` name is an ordinary key). */
export function nameRecord<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  for (const [k, v] of entries)
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

/** The value of `record` at `name`, only if it is the record's own (never Object.prototype's). */
export function own<T>(record: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, name) ? record[name] : undefined;
}

/**
 * Like `z.record(z.string(), value)`, but every key is kept, `__proto__` included, and the
 * parsed result is a null-prototype object. Issues carry the key in their path.
 */
export function nameRecordSchema<T extends z.ZodType>(value: T): z.ZodType<Record<string, z.output<T>>> {
  return z.unknown().transform((raw, ctx) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      ctx.addIssue({ code: 'custom', message: 'expected an object keyed by name' });
      return z.NEVER;
    }
    const entries: [string, z.output<T>][] = [];
    for (const key of Object.keys(raw)) {
      const r = value.safeParse((raw as Record<string, unknown>)[key]);
      if (r.success) entries.push([key, r.data]);
      else
        for (const issue of r.error.issues) ctx.addIssue({ ...issue, path: [key, ...issue.path] } as never);
    }
    return nameRecord(entries);
  });
}
