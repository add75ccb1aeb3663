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
  return escapeControls(message).replace(/'([^']{81,})'/g, (_m, inner: string) => {
    const head = [...inner].slice(0, MAX_QUOTED).join('');
    return `'${head}…' (${inner.length.toLocaleString('en-US')} characters)`;
  });
}
