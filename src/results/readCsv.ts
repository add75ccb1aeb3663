/** A results CSV read back as rows of named fields (the panel, the report and the tests). */
import { nameRecord } from '../core/data/nameRecord';
import { readDelimited } from '../core/data/delimited';

/** Rows of a CSV file as objects (header → value); at most `limit` rows, plus the total count. */
export async function readCsv(
  path: string,
  limit = Infinity,
): Promise<{ rows: Record<string, string>[]; total: number }> {
  const rows: Record<string, string>[] = [];
  let header: string[] = [];
  let total = 0;
  await readDelimited(
    { kind: 'file', path },
    {
      onRecord: (fields, i) => {
        if (i === 0) {
          header = fields;
          return;
        }
        total++;
        if (rows.length < limit) rows.push(nameRecord(header.map((h, k) => [h, fields[k] ?? ''])));
      },
    },
  );
  return { rows, total };
}
