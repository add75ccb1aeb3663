/**
 * Text from a user's file, made safe to show: control characters (which in a terminal can move
 * the cursor, recolour or clear the screen) as visible escapes, and quoted fragments longer than
 * MAX_QUOTED shortened with their length stated, so that a 200,000-character token in a cell is
 * not echoed whole. Line breaks are kept only where the caller asks (its own output's lines).
 */
export const MAX_QUOTED = 80;

// C0 and C1 controls and DEL, and the bidirectional overrides that reorder what a reader sees.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function escapeControls(s: string, keepNewlines = false): string {
  const escaped = s.replace(CONTROL, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
  return keepNewlines ? escaped : escaped.replaceAll('\n', '\\n');
}

/** A diagnostic message: controls escaped, long quoted fragments ('…') shortened. */
export function safeMessage(message: string): string {
  return shortenQuoted(escapeControls(message));
}

/**
 * Each '…' fragment longer than MAX_QUOTED cut to that many characters (never inside a
 * surrogate pair) with its length. A scan with indexOf, not a regular expression: a 10 MB
 * fragment overflowed the stack of /'([^']{81,})'/.
 */
function shortenQuoted(s: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const open = s.indexOf("'", from);
    const close = open === -1 ? -1 : s.indexOf("'", open + 1);
    if (close === -1) break;
    const length = close - open - 1;
    out += s.slice(from, open + 1);
    if (length > MAX_QUOTED) {
      let head = s.slice(open + 1, open + 1 + MAX_QUOTED);
      const last = head.charCodeAt(head.length - 1);
      if (last >= 0xd800 && last <= 0xdbff) head = head.slice(0, -1);
      out += `${head}…' (${length.toLocaleString('en-US')} characters)`;
    } else out += `${s.slice(open + 1, close)}'`;
    from = close + 1;
  }
  return out + s.slice(from);
}
