/**
 * Which sites the heatmap shows: the window [from, to) the site chart's brush chose, kept within
 * the protein and at most MAX_WINDOW_SITES wide; before any brush, as many sites as fit the
 * panel at HEATMAP_CELL pixels each beside the letter axis and the colour legend, so the heatmap
 * opens at a readable size without scrolling sideways.
 */
import { HEATMAP_CELL } from '../../plots/specs/mutationPlots';

const MAX_WINDOW_SITES = 300;
/** Before the panel has a width (hidden): the window of earlier versions. */
const DEFAULT_WINDOW = 120;
const MIN_DEFAULT_WINDOW = 20;
/** Pixels of the heatmap beside its cells: the letter axis, the colour legend and padding. */
const HEATMAP_FRAME = 130;

export function heatmapWindow(
  sites: number,
  chosen: [number, number] | undefined,
  panelWidth: number,
): [number, number] {
  const room = panelWidth - HEATMAP_FRAME;
  const natural = room > 0 ? Math.max(MIN_DEFAULT_WINDOW, Math.floor(room / HEATMAP_CELL)) : DEFAULT_WINDOW;
  const [from, to] = chosen ?? [0, natural];
  const start = Math.max(0, Math.min(from, sites - 1));
  return [start, Math.max(start + 1, Math.min(to, sites, start + MAX_WINDOW_SITES))];
}
