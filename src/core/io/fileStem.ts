/**
 * A workspace string (condition or replicate name) made safe as part of a file name: runs of
 * anything outside [A-Za-z0-9._-] become one '_', so no name can hold a path separator.
 */
export function fileStem(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_');
}
