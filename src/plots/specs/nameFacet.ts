/**
 * Facets over names from the user's data. Vega fails ("Operator not defined") on any string
 * literal in an expression that names a member of Object.prototype — 'constructor', 'toString',
 * 'valueOf' — and Vega-Lite turns `sort: [names…]` into such an expression. So the order is
 * given by a number (each row's name's position in `names`) and no name is ever written into an
 * expression.
 */
export const FACET_INDEX = 'facetIndex';

/** A facet channel on `field` (the name), panels in the order of `names` (see withFacetIndex). */
export function nameFacet(field: string) {
  return {
    field,
    type: 'nominal' as const,
    title: null,
    sort: { field: FACET_INDEX, op: 'min' as const, order: 'ascending' as const },
  };
}

/** The rows with FACET_INDEX set from their condition's position in `names`. */
export function withFacetIndex<T extends { condition: string }>(
  rows: readonly T[],
  names: readonly string[],
): (T & { [FACET_INDEX]: number })[] {
  const index = new Map(names.map((n, i) => [n, i]));
  return rows.map((r) => ({ ...r, [FACET_INDEX]: index.get(r.condition) ?? names.length }));
}
