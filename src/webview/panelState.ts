/**
 * What the panel keeps across reloads and hidden tabs (the webview's getState/setState): the
 * data and results on show, the fit and view chosen, the live loss curves.
 */
import type { FitId } from '../core/io/resultsLayout';
import type { SpectrumResult } from '../core/spectrum/spectrum';
import type { ResultsIndex } from '../plots/model';
import type { CurvePoint } from '../plots/specs/fitPlots';
import type { Parameter } from '../plots/specs/mutationValues';
import type { SiteStatistic } from '../plots/specs/siteStatistic';
import type { DatasetInfo } from '../protocol/panel';

/** Live loss-curve points kept (the oldest dropped first): a long path stays cheap to redraw. */
export const MAX_LIVE_POINTS = 20_000;

export interface PanelState {
  dataUri?: string;
  dataset?: DatasetInfo;
  index?: ResultsIndex | null;
  /** The fit on show (its id; state saved before ids has none, and shows the chosen fit). */
  selected?: { id?: FitId };
  parameter: Parameter;
  condition?: number;
  window?: [number, number];
  logScale: boolean;
  /** Heatmap: shifts that are not confident drawn as 0 (else faded). */
  confidentOnly?: boolean;
  /** Effect plots: negative values drawn as 0 (polyclonal's floor_at_zero). */
  floorAtZero?: boolean;
  /** The times_seen slider: mutations seen in fewer variants are grey and left out of site sums. */
  minTimesSeen?: number;
  /** The interval-width slider: wider intervals are grey and left out of site sums (null: any). */
  maxIntervalWidth?: number | null;
  /** What the site chart plots per site (siteStatistic.ts). */
  siteStatistic?: SiteStatistic;
  /** The mutation picked in the mutation table: outlined in the heatmap. */
  picked?: string;
  /** Loss-curve points received live (kept for the last fit, capped). */
  live: CurvePoint[];
  /** The conditions of the running fit, in the order of its losses (from its 'prepared' event). */
  fitConditions?: string[];
  /** The last interaction spectrum shown. */
  spectrum?: SpectrumResult;
}
