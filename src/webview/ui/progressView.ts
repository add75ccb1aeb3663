/**
 * The "Fitting" section: the loss curves and the stationarity, live while a fit runs (its
 * progress messages, kept in the panel's state so a reload redraws them), else the shown fit's
 * trajectory.
 */
import type { FitDetail } from '../../plots/model';
import {
  fitLabel,
  lossCurvesSpec,
  progressPoints,
  stationarityPoints,
  stationaritySpec,
  trajectoryPoints,
  type ProgressPoint,
} from '../../plots/specs/fitPlots';
import { show } from '../embed';
import { MAX_LIVE_POINTS, type PanelState } from '../panelState';
import { checkbox, el, section, window_setTimeout } from './dom';

/** Live points are redrawn at most this often (a fit sends a progress message per iteration). */
const REDRAW_MS = 500;

export class ProgressView {
  readonly root: HTMLElement;
  private readonly lossPlot = el('div', { className: 'plot', id: 'plot-loss' });
  private readonly statPlot = el('div', { className: 'plot', id: 'plot-stationarity' });
  private detail: FitDetail | undefined;
  private timer: number | undefined;

  constructor(
    private readonly state: () => PanelState,
    private readonly save: (patch: Partial<PanelState>) => void,
  ) {
    const { root, body } = section('progress', 'Fitting');
    this.root = root;
    const logBox = checkbox({ id: 'log-scale' }, 'log scale', state().logScale, (logScale) => {
      save({ logScale });
      void this.render();
    });
    body.append(logBox, this.lossPlot, this.statPlot);
  }

  /** The fit on show: its trajectory is drawn when no fit is running. */
  async setFit(d: FitDetail): Promise<void> {
    this.detail = d;
    await this.render();
  }

  /** One iteration of job `job`, its losses named by `conditions`; redrawn soon. */
  add(job: string, m: ProgressPoint, conditions: readonly string[]): void {
    const live = this.state().live;
    live.push(...progressPoints(job, m, conditions));
    if (live.length > MAX_LIVE_POINTS) live.splice(0, live.length - MAX_LIVE_POINTS);
    if (this.timer !== undefined) return;
    this.timer = window_setTimeout(() => {
      this.timer = undefined;
      this.save({ live: this.state().live });
      void this.render();
    }, REDRAW_MS);
  }

  async render(): Promise<void> {
    const { live, logScale } = this.state();
    const d = this.detail;
    let points = live;
    if (points.length === 0 && d)
      points = trajectoryPoints(fitLabel(d.lambda, d.replicate), d.conditions, d.trajectory);
    const loss = points.filter((p) => p.series !== 'stationarity');
    let stat = points.filter((p) => p.series === 'stationarity');
    if (stat.length === 0 && d && live.length === 0)
      stat = stationarityPoints(fitLabel(d.lambda, d.replicate), d.trajectory);
    this.root.hidden = loss.length === 0;
    if (loss.length === 0) return;
    await show('loss-curves', this.lossPlot, lossCurvesSpec(loss, logScale));
    await show('stationarity', this.statPlot, stationaritySpec(stat, d?.tolerance));
  }
}
