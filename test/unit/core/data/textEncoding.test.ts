/**
 * Files that are not UTF-8 text with LF or CRLF lines get one diagnostic that says what they
 * are, instead of a field-count error per line or letters silently turned into U+FFFD.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../../../../src/core/data/load.ts';
import { resolveDataOptions } from '../../../../src/core/data/options.ts';
import { checkTextHead, checkUtf8Block, NotUtf8Error } from '../../../../src/core/data/textEncoding.ts';

const dir = mkdtempSync(join(tmpdir(), 'dmsfit-enc-'));
const TABLE = 'condition,aa_substitutions,func_score\nCafé,M1E,1.5\nCafè,,0.1\n';

function file(name: string, bytes: Uint8Array | string): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

function utf16le(text: string, bom: boolean): Buffer {
  const body = Buffer.from(text, 'utf16le');
  return bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : body;
}

test('UTF-16 and UTF-32 files are named as such (with or without a byte-order mark)', async () => {
  const be = Buffer.from(utf16le(TABLE, false));
  be.swap16();
  for (const [name, bytes, what] of [
    ['le-bom.csv', utf16le(TABLE, true), /UTF-16 \(little-endian\)/],
    ['le.csv', utf16le(TABLE, false), /UTF-16 \(little-endian\)/],
    ['be.csv', be, /UTF-16 \(big-endian\)/],
    ['utf32.csv', Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('c\0\0\0')]), /UTF-32/],
  ] as const) {
    const d = await checkTextHead(file(name, bytes));
    assert.equal(d?.code, 'text-encoding', name);
    assert.match(d!.message, what);
  }
});

const load = (path: string) => loadDataset([{ path }], resolveDataOptions({ alphabet: 'aa-stop' }));

test('Latin-1 bytes: an error at the first bad byte, with its line and column; the file is refused', async () => {
  const loaded = await load(file('latin1.csv', Buffer.from(TABLE, 'latin1')));
  const d = loaded.diagnostics.find((x) => x.code === 'text-encoding')!;
  assert.deepEqual([d.line, d.start, d.end], [2, 3, 4]);
  assert.match(d.message, /byte 0xE9 at line 2, column 4 is not UTF-8: .*Latin-1/);
  assert.ok(loaded.errors > 0);
  // The same bytes in a quoted file (read whole): the same diagnostic.
  const quoted = await load(
    file('latin1-quoted.csv', Buffer.from(TABLE.replace('Café', '"Café"'), 'latin1')),
  );
  assert.deepEqual(
    quoted.diagnostics.filter((x) => x.code === 'text-encoding').map((x) => [x.line, x.start]),
    [[2, 4]],
  );
});

test('valid UTF-8 passes, whatever block boundary splits its characters; a late bad byte is found', async () => {
  const text = Buffer.from('condition,aa_substitutions,func_score\nCafé ☕ 🧬,M1E,1.5\n');
  for (const size of [4, 5, 6, 7, text.length]) {
    let held = Buffer.alloc(0);
    for (let at = 0; at < text.length; at += size) {
      const bytes = Buffer.concat([held, text.subarray(at, at + size)]);
      const last = at + size >= text.length;
      const keep = checkUtf8Block(bytes, at - held.length, last);
      held = bytes.subarray(bytes.length - keep);
    }
  }
  const bad = Buffer.concat([Buffer.from('ab\n🧬x'), Buffer.from([0xff])]);
  assert.throws(
    () => checkUtf8Block(bad, 100, true),
    (e: unknown) => e instanceof NotUtf8Error && e.offset === 108,
  );
  // A file of several 1 MiB blocks with a 4-byte character at every boundary reads cleanly.
  // (With this header the first 1 MiB boundary falls inside a 🧬: asserted.)
  const bigText = Buffer.from('condition,aa_substitutions,func_score\n' + '🧬a,M1E,1\n'.repeat(200_000));
  assert.ok(bigText[1 << 20]! >= 0x80 && bigText[1 << 20]! < 0xc0, 'the boundary splits a character');
  const big = await load(file('big.csv', bigText));
  assert.deepEqual(
    big.diagnostics.filter((x) => x.code === 'text-encoding'),
    [],
  );
  assert.equal(big.table.rows, 200_000);
  for (const name of ['bom.csv', 'crlf.csv']) {
    const body = name === 'bom.csv' ? '\ufeff' + TABLE : TABLE.replaceAll('\n', '\r\n');
    assert.equal(await checkTextHead(file(name, body)), undefined, name);
  }
});

test('CR-only and mixed line endings: one diagnostic that says so', async () => {
  const cr = (await checkTextHead(
    file('cr.csv', TABLE.replaceAll('é', 'e').replaceAll('è', 'e').replaceAll('\n', '\r')),
  ))!;
  assert.equal(cr.code, 'line-endings');
  assert.match(cr.message, /CR alone/);
  const mixed = (await checkTextHead(file('mixed.csv', 'a,b\r1,2\n3,4\n')))!;
  assert.equal(mixed.code, 'line-endings');
  assert.match(mixed.message, /mixed/);
});
