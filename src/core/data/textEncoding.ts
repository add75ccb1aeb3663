/**
 * What a table file's bytes are, before anything reads them as UTF-8 text: a UTF-16 or UTF-32
 * file (by its byte-order mark, or by the NUL bytes every other character carries), bytes that
 * are not UTF-8 (the first bad byte, with its line and column, and the encoding it most likely
 * is), or line endings the reader cannot split (CR alone, or CR alone mixed with LF). Each is one
 * clear diagnostic at the file's start or at the byte, where the reader used to produce hundreds
 * of field-count errors, a header with NULs between its letters, or U+FFFD in place of
 * Latin-1 letters (so that conditions `Café` and `Cafè` became one).
 */
import { isUtf8 } from 'node:buffer';
import { constants } from 'node:fs';
import { access, open, stat, type FileHandle } from 'node:fs/promises';
import type { Diagnostic } from './diagnostics';

type Finding = Omit<Diagnostic, 'severity'>;

const HEAD = 1 << 16;

function wideEncoding(head: Uint8Array): string | undefined {
  const [a, b, c, d] = head;
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return 'UTF-32 (little-endian)';
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return 'UTF-32 (big-endian)';
  if (a === 0xff && b === 0xfe) return 'UTF-16 (little-endian)';
  if (a === 0xfe && b === 0xff) return 'UTF-16 (big-endian)';
  // No BOM: text of ASCII letters in UTF-16 has a NUL in every other byte.
  const n = Math.min(head.length, 512) & ~1;
  if (n < 8) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenNul++;
    if (head[i + 1] === 0) oddNul++;
  }
  if (oddNul > 0.4 * (n / 2) && evenNul === 0) return 'UTF-16 (little-endian)';
  if (evenNul > 0.4 * (n / 2) && oddNul === 0) return 'UTF-16 (big-endian)';
  return undefined;
}

/** Length of the valid UTF-8 sequence starting at bytes[i], or 0 if it is not one (−1: cut off at the end). */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  const n = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (n === 0) return 0;
  if (i + n > bytes.length) return -1;
  for (let k = 1; k < n; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return 0;
  const c = bytes[i + 1]!;
  // Overlong forms, surrogates and code points past U+10FFFF.
  if (
    (b === 0xe0 && c < 0xa0) ||
    (b === 0xed && c > 0x9f) ||
    (b === 0xf0 && c < 0x90) ||
    (b === 0xf4 && c > 0x8f)
  )
    return 0;
  return n;
}

/** Where bytes[0, n) can be cut without splitting a UTF-8 sequence (at most 3 bytes back). */
function safeCut(bytes: Uint8Array, n: number): number {
  for (let k = n - 1; k >= Math.max(0, n - 3); k--) {
    const b = bytes[k]!;
    if (b < 0x80) return n;
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return k + need <= n ? n : k;
    }
  }
  return n;
}

/** The first byte of `bytes` that does not start a valid UTF-8 sequence. */
function firstInvalid(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const len = sequenceLength(bytes, i);
    if (len <= 0) return i;
    i += len;
  }
  return bytes.length;
}

function lineEndings(path: string, head: Uint8Array): Finding | undefined {
  let bareCr = 0;
  let lf = 0;
  let firstBareCr = 1;
  let line = 1;
  for (let i = 0; i < head.length; i++) {
    if (head[i] === 0x0a) {
      lf++;
      line++;
    } else if (head[i] === 0x0d && head[i + 1] !== 0x0a && i + 1 < head.length) {
      if (bareCr++ === 0) firstBareCr = line;
    }
  }
  if (bareCr === 0) return undefined;
  return {
    file: path,
    line: lf === 0 ? 1 : firstBareCr,
    start: 0,
    end: 0,
    code: 'line-endings',
    message:
      lf === 0
        ? 'lines end with CR alone (old Mac line endings): save the file with LF or CRLF line endings and validate again'
        : `line endings are mixed: lines end with CR alone and with LF; save the file with one kind and validate again`,
  };
}

/**
 * What the file's first 64 KiB say: UTF-16 or UTF-32 text, or lines the reader cannot split.
 * (Whether every byte is UTF-8 is checked as the reader reads them: NotUtf8Error.)
 */
export async function checkTextHead(path: string): Promise<Finding | undefined> {
  const handle = await open(path, 'r');
  try {
    const head = new Uint8Array(HEAD);
    const { bytesRead } = await handle.read(head, 0, HEAD, 0);
    const wide = wideEncoding(head.subarray(0, bytesRead));
    if (wide)
      return {
        file: path,
        line: 1,
        start: 0,
        end: 0,
        code: 'text-encoding',
        message: `the file is ${wide} text; save it as UTF-8 (with or without BOM) and validate again`,
      };
    return lineEndings(path, head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** Raised by the reader at the first bytes that are not UTF-8; `offset` is that byte's in the file. */
export class NotUtf8Error extends Error {
  constructor(readonly offset: number) {
    super(`byte ${offset} is not UTF-8`);
    this.name = 'NotUtf8Error';
  }
}

/**
 * Checks one block of a file being read (`offset` its first byte's place in the file): throws
 * NotUtf8Error at its first bad byte. Returns how many bytes of it to check with the next block
 * (a character cut by the block's end), which the caller prepends to the next one.
 */
export function checkUtf8Block(bytes: Uint8Array, offset: number, last: boolean): number {
  const cut = last ? bytes.length : safeCut(bytes, bytes.length);
  const part = bytes.subarray(0, cut);
  if (!isUtf8(part)) throw new NotUtf8Error(offset + firstInvalid(part));
  return bytes.length - cut;
}

/** The diagnostic for the first byte that is not UTF-8, at `offset` in the file. */
export async function notUtf8Diagnostic(path: string, offset: number): Promise<Finding> {
  const handle = await open(path, 'r');
  try {
    return await invalidAt(handle, path, offset);
  } finally {
    await handle.close();
  }
}

/** The diagnostic for the bad byte at `at`: its line and column, from the bytes before it. */
async function invalidAt(handle: FileHandle, path: string, at: number): Promise<Finding> {
  const before = Buffer.alloc(at + 1);
  await handle.read(before, 0, at + 1, 0);
  let line = 1;
  let lineStart = 0;
  for (let i = before.indexOf(0x0a); i !== -1 && i < at; i = before.indexOf(0x0a, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  // The column in UTF-16 units, as the editor counts: the line's bytes decoded.
  const column = before.subarray(lineStart, at).toString('utf8').length;
  const byte = before[at]!.toString(16).toUpperCase().padStart(2, '0');
  return {
    file: path,
    line,
    start: column,
    end: column + 1,
    code: 'text-encoding',
    message: `byte 0x${byte} at line ${line}, column ${column + 1} is not UTF-8: the file is most likely Latin-1 (ISO-8859-1) or Windows-1252 text; save it as UTF-8 and validate again`,
  };
}

/** Why a path given as a table cannot be read as one (missing, a folder, not permitted), if so. */
export async function unreadable(path: string): Promise<Omit<Diagnostic, 'severity'> | undefined> {
  const at = { file: path, line: 1, start: 0, end: 0, code: 'unreadable-file' as const };
  try {
    const s = await stat(path);
    if (s.isDirectory()) return { ...at, message: 'this is a folder, not a table: name a CSV or TSV file' };
    if (!s.isFile()) return { ...at, message: 'this is not a regular file (a device, pipe or socket)' };
    await access(path, constants.R_OK);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' || code === 'ENOTDIR'
        ? 'no such file'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : String(code ?? err);
    return { ...at, message: `cannot read the file: ${why}` };
  }
}
