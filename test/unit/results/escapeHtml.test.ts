import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml } from '../../../src/results/escapeHtml.ts';

test('escapeHtml: the five HTML-significant characters become entities; other text is unchanged', () => {
  assert.equal(
    escapeHtml(`<img src=x onerror="a('b')">&`),
    '&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;',
  );
  assert.equal(escapeHtml('Delta → BA.2, λ = 1e-5'), 'Delta → BA.2, λ = 1e-5');
  // Escaping twice escapes the ampersands again: callers escape exactly once, at output.
  assert.equal(escapeHtml('&amp;'), '&amp;amp;');
});
