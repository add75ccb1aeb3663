/**
 * The fitting panel. Renders what the host sends (dataset, results, one fit's detail, live fit
 * events) as Vega-Lite plots built by the pure spec builders of src/plots; requests go to the
 * host. State (selection, heatmap window, live curves) survives hiding and reloading through
 * getState/setState. Every string from files is set as text.
 */
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import { chosenFit, type FitDetail, type ResultsIndex } from '../plots/model';
import type { FitId } from '../core/io/resultsLayout';
import { PATH_PLOT_NAMES, pathPlots } from '../plots/pathPlots';
import { rowSumsSpec } from '../plots/specs/dataPlots';
import { fitLabel } from '../plots/specs/fitPlots';
import { heatmapSpec } from '../plots/specs/heatmap';
import { siteOverviewSpec } from '../plots/specs/mutationPlots';
import { heatmapWindow } from './ui/heatmapWindow';
import { epistasisSpec, predictedObservedSpec } from '../plots/specs/predictionPlots';
import type { DatasetInfo, HostToPanel } from '../protocol/panel';
import { pngs, show } from './embed';
import { onThemeChange } from './theme';
import { Controls } from './ui/controls';
import { formatNumber } from '../plots/format';
import { checkbox, custom, el, nextFrame, section, window_setTimeout } from './ui/dom';
import { InteractionsView } from './ui/interactions';
import { jobReplicate } from '../core/io/resultsLayout';
import { CONFIDENT_Z } from '../core/fit/standardErrors';
import { commandView } from './ui/commandView';
import { timesSeenSlider } from './ui/timesSeenSlider';
import { intervalWidthSlider } from './ui/intervalWidthSlider';
import { intervalWidthOf, type MutationFilter } from '../plots/specs/mutationValues';
import { siteStatisticSelect } from './ui/siteStatisticSelect';
import { fitNotes } from './ui/fitNotes';
import { fitMenu } from './ui/fitMenu';
import { headerFacts } from './ui/headerFacts';
import { summaryView } from './ui/summary';
import { vscodeApi } from './vscodeApi';
import type { PanelState } from './panelState';
import { ProgressView } from './ui/progressView';
import { MutationTable } from './ui/mutationTable';

const host = vscodeApi<PanelState>();
let state: PanelState = { parameter: 'shift', logScale: true, live: [], ...host.getState() };
let detail: FitDetail | undefined;

function save(patch: Partial<PanelState>): void {
  state = { ...state, ...patch };
  host.setState(state);
}

// Layout.
const app = document.getElementById('app')!;
const title = el('h1', { className: 'file-name', id: 'file-name' });
const facts = el('p', { className: 'row-count', id: 'row-count' });
const controls = new Controls({
  fit: (options) => {
    save({ live: [], fitConditions: undefined });
    host.postMessage({ type: 'fit', options });
  },
  cancel: () => host.postMessage({ type: 'cancel' }),
  exportPlots: () => host.postMessage({ type: 'export' }),
  openResults: () => host.postMessage({ type: 'open-results' }),
});
const summary = section('summary', 'Data');
const rowSums = section('row-sums', 'Encoding row sums (reference-based vs bit-flipped)');
const path = section('path', 'Lasso path');
const effects = section('effects', 'Mutation effects');
const predictions = section('predictions', 'Predictions');
const plot = (id: string) => el('div', { className: 'plot', id });
const progress = new ProgressView(() => state, save);
const fitSelect = custom('vscode-single-select', {
  id: 'fit-select',
  'aria-label': 'fit shown',
}) as HTMLElement & { value: string };
const paramSelect = custom(
  'vscode-single-select',
  { id: 'parameter', 'aria-label': 'parameter' },
  custom('vscode-option', { value: 'shift' }, 'shift'),
  custom('vscode-option', { value: 'beta' }, 'β'),
) as HTMLElement & { value: string };
const conditionSelect = custom('vscode-single-select', {
  id: 'condition',
  'aria-label': 'condition',
}) as HTMLElement & { value: string };
const confidentBox = checkbox(
  {
    id: 'confident-only',
    title: `hide shifts whose 90 % interval holds 0 (without intervals: fewer than ${CONFIDENT_Z} standard errors from zero)`,
  },
  'confident shifts only',
  state.confidentOnly ?? false,
  (confidentOnly) => {
    save({ confidentOnly });
    void renderHeatmap();
  },
);
const floorBox = checkbox(
  { id: 'floor-at-zero', title: 'draw negative values as 0 (tooltips keep the fitted value)' },
  'floor at zero',
  state.floorAtZero ?? false,
  (floorAtZero) => {
    save({ floorAtZero });
    void renderEffects();
  },
);
const timesSeen = timesSeenSlider(state.minTimesSeen, (n) => {
  save({ minTimesSeen: n });
  void renderEffects();
});
const widthSlider = intervalWidthSlider(state.maxIntervalWidth, (w) => {
  save({ maxIntervalWidth: Number.isFinite(w) ? w : null });
  void renderEffects();
});
/** What the effect plots leave out or floor: the two sliders and the floor checkbox. */
const filter = (): MutationFilter => ({
  minTimesSeen: timesSeen.value(),
  maxIntervalWidth: widthSlider.value(),
  floorAtZero: state.floorAtZero ?? false,
});
const siteStat = siteStatisticSelect(state.siteStatistic, (stat) => {
  save({ siteStatistic: stat });
  void renderEffects();
});
const pathElements = new Map(PATH_PLOT_NAMES.map((name) => [name, plot(`plot-${name}`)]));
path.body.append(...pathElements.values());
const overviewPlot = plot('plot-sites');
const heatmapPlot = el('div', { className: 'plot heatmap', id: 'plot-heatmap' });
const notes = el('div', { id: 'fit-notes-box' });
// A picked mutation: the heatmap's window moves to centre its site (the site chart's brush with
// it), and its cell is outlined.
const mutationTable = new MutationTable((row) => {
  if (!detail || row.siteIndex < 0) return;
  const [from, to] = heatmapWindow(detail.sites.label.length, state.window, heatmapPlot.clientWidth);
  const start = Math.max(0, row.siteIndex - Math.floor((to - from) / 2));
  save({ window: [start, start + (to - from)], picked: row.mutation });
  void renderEffects();
});
effects.body.append(
  notes,
  el(
    'div',
    { className: 'selectors' },
    fitSelect,
    paramSelect,
    conditionSelect,
    confidentBox,
    floorBox,
    timesSeen.root,
    widthSlider.root,
    siteStat.root,
  ),
  overviewPlot,
  heatmapPlot,
  mutationTable.root,
);
const predictedPlot = plot('plot-predicted');
const epistasisPlot = plot('plot-epistasis');
predictions.body.append(predictedPlot, epistasisPlot);
const interactions = new InteractionsView((fit, request) =>
  host.postMessage({ type: 'spectrum', fit, request }),
);
app.replaceChildren(
  el('header', {}, title, facts),
  controls.root,
  summary.root,
  rowSums.root,
  progress.root,
  path.root,
  effects.root,
  predictions.root,
  interactions.root,
);

/** The dataset and results index last shown: the header line describes both. */
let shownDataset: DatasetInfo | undefined;
let shownIndex: ResultsIndex | null | undefined;

function showHeader(): void {
  if (shownDataset) facts.textContent = headerFacts(shownDataset, shownIndex);
}

function showDataset(d: DatasetInfo): void {
  shownDataset = d;
  title.textContent = d.fileName;
  showHeader();
  controls.setDataset(d);
}

async function renderIndex(index: ResultsIndex | null | undefined): Promise<void> {
  shownIndex = index;
  showHeader();
  for (const s of [summary, rowSums, path, effects, predictions]) s.root.hidden = !index;
  if (!index) {
    summary.body.replaceChildren();
    return;
  }
  summary.body.replaceChildren(
    summaryView(index.data, index.dropped, index.droppedTotal, (row) =>
      host.postMessage({ type: 'reveal', file: row.file, line: row.line }),
    ),
    ...(index.command
      ? [commandView(index.command, (text) => host.postMessage({ type: 'copy', text }))]
      : []),
  );
  await show('row-sums', rowSums.body, rowSumsSpec(index.rowSums, index.conditions));
  const drawn = pathPlots(index);
  path.root.hidden = drawn.length === 0;
  for (const [name, element] of pathElements) element.hidden = !drawn.some((p) => p.name === name);
  for (const p of drawn) await show(p.name, pathElements.get(p.name)!, p.spec);
  const listed = fitMenu(index);
  fitSelect.replaceChildren(...listed.map((e) => custom('vscode-option', { value: e.fit.id }, e.label)));
  const chosen = listed.find((e) => e.fit.id === state.selected?.id)?.fit ?? chosenFit(index);
  if (chosen) {
    fitSelect.value = chosen.id;
    loadFit(chosen.id);
  }
}

function loadFit(fit: FitId): void {
  save({ selected: { id: fit } });
  host.postMessage({ type: 'load-fit', fit });
}

fitSelect.addEventListener('change', () => loadFit(fitSelect.value));
paramSelect.addEventListener('change', () => {
  save({ parameter: paramSelect.value === 'beta' ? 'beta' : 'shift' });
  void renderEffects();
});
conditionSelect.addEventListener('change', () => {
  save({ condition: Number(conditionSelect.value) });
  void renderEffects();
});

async function renderHeatmap(): Promise<void> {
  if (!detail || state.condition === undefined) return;
  const [from, to] = heatmapWindow(detail.sites.label.length, state.window, heatmapPlot.clientWidth);
  await show(
    'heatmap',
    heatmapPlot,
    heatmapSpec(
      detail,
      state.parameter,
      state.condition,
      from,
      to,
      state.confidentOnly ?? false,
      filter(),
      true,
      state.picked,
    ),
  );
}

let brushTimer: number | undefined;

async function renderEffects(): Promise<void> {
  if (!detail) return;
  const d = detail;
  const ref = d.conditions.indexOf(d.reference);
  const choices = d.conditions
    .map((c, i) => ({ c, i }))
    .filter(({ i }) => state.parameter === 'beta' || i !== ref);
  if (choices.length === 0) {
    effects.root.hidden = true;
    return;
  }
  effects.root.hidden = false;
  const condition = choices.some(({ i }) => i === state.condition) ? state.condition! : choices[0]!.i;
  save({ condition });
  paramSelect.value = state.parameter;
  conditionSelect.replaceChildren(
    ...choices.map(({ c, i }) => custom('vscode-option', { value: String(i) }, c)),
  );
  conditionSelect.value = String(condition);
  widthSlider.setWidths(intervalWidthOf(d, state.parameter, condition));
  const window = heatmapWindow(d.sites.label.length, state.window, heatmapPlot.clientWidth);
  const overview = await show(
    'sites',
    overviewPlot,
    siteOverviewSpec(d, state.parameter, condition, [window[0], window[1] - 1], filter(), siteStat.value()),
  );
  overview.view.addSignalListener('window', (_name, value: { index?: [number, number] }) => {
    if (!value?.index) return;
    clearTimeout(brushTimer);
    brushTimer = window_setTimeout(() => {
      const [a, b] = value.index!;
      save({ window: [Math.floor(a), Math.ceil(b) + 1] });
      void renderHeatmap();
    }, 150);
  });
  await renderHeatmap();
  mutationTable.show(d, state.parameter, condition, filter());
}

async function renderDetail(d: FitDetail): Promise<void> {
  detail = d;
  effects.root.querySelector('h2')!.textContent =
    `Mutation effects — ${fitLabel(d.lambda, d.replicate)}${d.converged ? '' : ` (${d.stopDetail})`}`;
  notes.replaceChildren(fitNotes(d, (option) => host.postMessage({ type: 'open-setting', option })));
  await renderEffects();
  await nextFrame();
  await progress.setFit(d);
  await nextFrame();
  predictions.root.hidden = false;
  // Thousands of variants each: on canvas (in SVG these two took ~0.6 s of a 1.2–1.5 s paint).
  await show('predicted-observed', predictedPlot, predictedObservedSpec(d), 'canvas');
  await show('global-epistasis', epistasisPlot, epistasisSpec(d), 'canvas');
  interactions.setFit(d);
}

let lastOutcome = ''; // how the last fit ended (fitOutcome.ts)

function onFitEvent(job: string, m: Extract<HostToPanel, { type: 'fit-event' }>['message']): void {
  if (m.type === 'prepared') {
    // All the fit's files together name its conditions (the panel's dataset is one file).
    save({ fitConditions: m.summary.conditions.map((c) => c.name) });
  } else if (m.type === 'progress') {
    const conditions =
      state.fitConditions ?? (state.dataset?.conditions.length ? [...state.dataset.conditions].sort() : []);
    progress.add(job, m, conditions);
    controls.setRunning(
      true,
      `${fitLabel(m.lambda, jobReplicate(job))}, iteration ${m.iteration}${m.stationarity === null ? '' : `, stationarity ${formatNumber(m.stationarity)}`}`,
    );
  } else if (m.type === 'error') controls.setRunning(true, `error: ${m.message}`);
}

window.addEventListener('message', (event: MessageEvent<HostToPanel>) => {
  const message = event.data;
  switch (message.type) {
    case 'dataset':
      save({ dataUri: message.dataset.dataUri, dataset: message.dataset });
      showDataset(message.dataset);
      return;
    case 'results':
      save({ index: message.index });
      void renderIndex(message.index);
      return;
    case 'fit-detail':
      void renderDetail(message.detail);
      return;
    case 'fit-event':
      onFitEvent(message.job, message.message);
      return;
    case 'fit-state':
      // How the last fit ended stays on the status line until the next one starts.
      if (message.running) lastOutcome = '';
      else if (message.outcome) lastOutcome = message.outcome;
      controls.setRunning(message.running, message.running ? '' : lastOutcome);
      return;
    case 'spectrum':
      if (message.result) save({ spectrum: message.result });
      void interactions.show(message.result, message.error);
      return;
    case 'export-png':
      void pngs(message.plots).then((files) => host.postMessage({ type: 'png-files', files }));
      return;
    default: {
      const never: never = message;
      console.warn(`DMS Fit panel: unknown message ${JSON.stringify(never)}`);
    }
  }
});

onThemeChange(() => {
  void renderIndex(state.index);
  if (detail) void renderDetail(detail);
  void interactions.redraw();
});

if (state.dataset) showDataset(state.dataset);
void renderIndex(state.index);
void interactions.show(state.spectrum);
host.postMessage({ type: 'ready' });
