/**
 * Browser console messages from the workbench carry printf-style arguments ("%c INFO …", "%s");
 * this turns them back into the text the extension host printed.
 */
import { format } from 'node:util';
import type { ConsoleMessage } from 'playwright-core';

export async function consoleText(msg: ConsoleMessage): Promise<string> {
  let values: unknown[];
  try {
    values = await Promise.all(msg.args().map((a) => a.jsonValue()));
  } catch {
    return msg.text();
  }
  if (values.length === 0 || typeof values[0] !== 'string') return msg.text();
  let fmt = values[0];
  let rest = values.slice(1);
  // Drop CSS arguments consumed by %c, and the workbench's log-level tag.
  const styles = fmt.match(/%c/g)?.length ?? 0;
  fmt = fmt.replaceAll('%c', '');
  rest = rest.slice(styles);
  // The workbench prefixes a level tag ("%c INFO", css) and passes the real format next.
  const tag = /^\s*(INFO|WARN|ERR|DEBUG|TRACE)\s*$/.test(fmt);
  if (tag && typeof rest[0] === 'string') return format(rest[0], ...rest.slice(1));
  return format(fmt, ...rest);
}
