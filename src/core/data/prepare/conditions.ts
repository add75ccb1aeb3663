/**
 * Condition order: multidms sorts condition names as strings and everything indexed by
 * condition (parameters, output columns) follows that order; the reference keeps its place.
 */
export interface ConditionOrder {
  /** Names in sorted order. */
  names: string[];
  /** Table condition id → position in `names`. */
  fromTable: Uint16Array;
  reference: number;
}

/** Plain code-unit comparison, as Python sorts str. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function orderConditions(tableNames: string[], reference: string): ConditionOrder {
  const names = [...tableNames].sort(compareStrings);
  const ref = names.indexOf(reference);
  if (ref < 0) {
    throw new Error(
      `reference condition '${reference}' is not in the data (conditions: ${names.join(', ') || 'none'})`,
    );
  }
  const fromTable = new Uint16Array(tableNames.length);
  tableNames.forEach((n, i) => (fromTable[i] = names.indexOf(n)));
  return { names, fromTable, reference: ref };
}
