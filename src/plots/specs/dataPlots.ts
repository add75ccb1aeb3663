import { nameFacet, withFacetIndex } from './nameFacet';
/** Plots of the data itself: encoding row sums per condition (multidms issue #156). */
import type { TopLevelSpec } from 'vega-lite';
import type { RowSum } from '../model';
import { SCHEMA } from './schema';

/**
 * Row sums of the reference-based and the bit-flipped (scaled) encodings, one histogram per
 * condition and encoding: with the bundle flipped each condition is encoded against its own
 * wildtype, so its rows hold a few ones instead of the whole bundle.
 */
export function rowSumsSpec(rows: RowSum[], conditions: string[]): TopLevelSpec {
  return {
    $schema: SCHEMA,
    data: { values: withFacetIndex(rows, conditions) },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: { field: 'rowSum', type: 'quantitative', title: 'mutations per variant (row sum)', bin: false },
      y: { field: 'count', type: 'quantitative', title: 'variants' },
      color: {
        field: 'encoding',
        type: 'nominal',
        title: 'encoding',
        scale: { domain: ['reference', 'scaled'], range: ['#9E9E9E', '#0072B2'] },
      },
      row: nameFacet('condition'),
      column: { field: 'encoding', type: 'nominal', title: null, sort: ['reference', 'scaled'] },
    },
    width: 220,
    height: 90,
    resolve: { scale: { y: 'independent' } },
  };
}
