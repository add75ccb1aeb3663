/**
 * A workspace string (condition or replicate name) as part of a file name, reversibly: letters,
 * digits, '-' and (but at the start) '.' stay; every other byte of its UTF-8 form, '_' included,
 * becomes '_' and two hex digits. So no name can hold a path separator or be '.' or '..', and
 * two names never share a file: `lib 1` → `lib_201`, `lib_1` → `lib_5F1` (where replacing runs
 * by '_' once made both `lib_1`, and one replicate overwrote the other).
 */
const KEEP = /[A-Za-z0-9-]/;

export function fileStem(name: string): string {
  let out = '';
  for (const ch of name) {
    if (KEEP.test(ch) || (ch === '.' && out !== '')) out += ch;
    else
      for (const b of new TextEncoder().encode(ch))
        out += `_${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The name a fileStem came from. */
export function fromFileStem(stem: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < stem.length; i++) {
    if (stem[i] === '_' && /^[0-9A-F]{2}$/.test(stem.slice(i + 1, i + 3))) {
      bytes.push(parseInt(stem.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...new TextEncoder().encode(stem[i]!));
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}
