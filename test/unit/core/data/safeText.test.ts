/** What reaches a terminal from a user's file: no control character, no huge token echoed whole. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeControls, safeMessage } from '../../../../src/core/data/safeText.ts';
import { loadDataset } from '../../../../src/core/data/load.ts';
import { resolveDataOptions } from '../../../../src/core/data/options.ts';
import { lineView } from '../../../../src/cli/progress.ts';

test('control characters and bidirectional overrides become visible escapes; line breaks only where kept', () => {
  assert.equal(escapeControls('a\u001b[2Jb\u0007c\u202ed'), 'a\\u{1b}[2Jb\\u{7}c\\u{202e}d');
  assert.equal(escapeControls('x\ny'), 'x\\ny');
  assert.equal(escapeControls('x\ny', true), 'x\ny');
  assert.equal(escapeControls('Café ☕ plain'), 'Café ☕ plain');
});

test('diagnostics from a hostile file: escapes in place, a 200,000-character token shortened with its length', async () => {
  const long = 'M'.repeat(200_000);
  const text = `condition,aa_substitutions,func_score\na\u001b[31m,M1E,1\na,${long},2\na,M1E,x\u001b]0;pwned\u0007\n`;
  const loaded = await loadDataset([{ path: 'h.csv', text }], resolveDataOptions({ alphabet: 'aa-stop' }));
  for (const d of loaded.diagnostics) {
    const controls = [...d.message].filter(
      (c) => c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f),
    );
    assert.deepEqual(controls, [], d.message);
    assert.ok(d.message.length < 400, `${d.code}: ${d.message.length} characters`);
  }
  const token = loaded.diagnostics.find((d) => d.code === 'token-malformed')!;
  assert.match(token.message, /'M{80}…' \(200,000 characters\)/);
  assert.equal(safeMessage("score 'abc' is not a number"), "score 'abc' is not a number");
});

test("the CLI's progress lines escape control characters in condition names", () => {
  let out = '';
  const view = lineView((s) => (out += s), 0);
  view.message('fit', {
    type: 'error',
    id: 'fit',
    message: 'condition \u001b[2J is unknown',
  });
  assert.equal(out, '[fit] error: condition \\u{1b}[2J is unknown\n');
});
