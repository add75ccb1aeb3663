/**
 * Reading a table the user named, with what can be wrong with the file itself said as one
 * diagnostic instead of an exception or an error per line: a path that is missing or not a file,
 * UTF-16/UTF-32 text or lines the reader cannot split (checked first), and bytes that are not
 * UTF-8 (found where they are, which stops the reading there).
 */
import { readDelimited, type DelimitedSource, type ReadOptions } from './delimited';
import type { DiagnosticSink } from './diagnostics';
import { checkTextHead, notUtf8Diagnostic, NotUtf8Error, unreadable } from './textEncoding';

/** Reads `source` record by record; false when the file could not be read as text at all. */
export async function readCheckedDelimited(
  source: DelimitedSource,
  onRecord: ReadOptions['onRecord'],
  sink: DiagnosticSink,
): Promise<boolean> {
  const problem =
    source.kind === 'file'
      ? ((await unreadable(source.path)) ?? (await checkTextHead(source.path)))
      : undefined;
  if (problem) {
    sink.add(problem);
    return false;
  }
  try {
    await readDelimited(source, { onRecord });
  } catch (err) {
    if (!(err instanceof NotUtf8Error) || source.kind !== 'file') throw err;
    sink.add(await notUtf8Diagnostic(source.path, err.offset));
  }
  return true;
}
